// `headroom edge-agent`: the agent's own command, kept with the agent. bot/cli registers it (its
// command list loads this module); the agent imports nothing from bot/, so the command is a plain
// object of the same shape as bot/cli's CliCommand and maps its own errors to exit codes.
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { HeadroomError } from '../../analytics/errors.js';
import { startEdgeAgent } from '../agent.js';
import { type AgentConfig, defaultAgentConfig, loadAgentConfig } from '../config.js';
import { localMetrics } from './metrics-flags.js';

const HELP = `Usage: headroom edge-agent --work-unit ID --listen HOST:PORT --cert FILE --key FILE --ca FILE
                           --allow-identity NAME [--allow-identity NAME…] [--config FILE] [options]

Runs the edge agent of one work unit: a gRPC service (headroom.edge.v1: Check, Context, Summarize) over
mutual TLS. Only clients whose certificate chains to --ca and whose SAN identity is allowed may call.
Certificates are re-read when the files change. The agent checks locally on a timer and writes local
alerts to its log whether or not the central calls; it never acts on traffic.

Options:
  --work-unit ID         the work unit this agent runs in
  --listen HOST:PORT     where to listen (e.g. 127.0.0.1:7443; 0.0.0.0 only when you mean it)
  --cert, --key FILE     the agent's certificate (its SAN is its identity) and key
  --ca FILE              the CA that signs the central's client certificate
  --allow-identity NAME  a client identity (DNS or URI SAN) allowed to call; repeatable
  --config FILE          agent configuration: probes, log file, deploys file, thresholds, local model,
                         the unit's Prometheus (metrics.prometheus: url, timeoutMs, freshnessMs, auth, tls)
  --metrics KIND         local metrics: "prometheus" (the unit's own Prometheus), "simulated" (the
                         simulated fleet, for demos and tests) or "none". Prometheus when
                         --prometheus-url is given or --config has a metrics.prometheus block;
                         otherwise required: the agent never reports made-up numbers unasked
  --prometheus-url URL   the unit's Prometheus (http or https; overrides metrics.prometheus.url). Never
                         put credentials in it: name them in --config (metrics.prometheus.auth: bearer
                         or basic, from { env: NAME } or { file: PATH }; tls: ca/cert/key files)
  --fleet FILE           fleet file for the simulated metrics (default: manifests/fleet.example.yaml)
  --seed N               simulator seed (default: 1)
  --log-file FILE        write the log there instead of stderr
  --json                 print the start-up line as JSON

With --metrics prometheus every check cycle sends one instant query per metric (the central's default
PromQL or the configured metrics.prometheus.queries, restricted to this unit) with a timeout
(metrics.prometheus.timeoutMs, default 2000 ms). Each sample carries its own timestamp; one older than
metrics.prometheus.freshnessMs (default 120000) is reported as stale. When Prometheus is down or slow the
snapshot is "unknown" with the reason; the rest of the Check still answers.

Exit codes: 0 stopped by SIGINT/SIGTERM, 1 usage or validation error, 2 runtime failure (e.g. cannot listen).

Example: headroom edge-agent --work-unit eu-west-1 --listen 127.0.0.1:7443 --cert agent.crt --key agent.key --ca fleet-ca.crt --allow-identity central.headroom.internal
         headroom edge-agent … --metrics prometheus --prometheus-url http://127.0.0.1:9090`;

/** What the command is given by whoever runs it (bot/cli's CliContext has this shape). */
export interface EdgeAgentCommandIo {
  /** the arguments after `edge-agent` */
  argv: string[];
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface EdgeAgentCommand {
  name: 'edge-agent';
  summary: string;
  help: string;
  /** Resolves to the exit code: 0 stopped by a signal, 1 usage or validation error, 2 runtime failure. */
  run(io: EdgeAgentCommandIo): Promise<number>;
}

export const edgeAgentCommand: EdgeAgentCommand = {
  name: 'edge-agent',
  summary: "run a work unit's edge agent (gRPC over mutual TLS)",
  help: HELP,
  run: (io) => exitCodeOf(io, () => runAgent(io)),
};

async function runAgent(ctx: EdgeAgentCommandIo): Promise<number> {
  const { values } = parseArgs({
    args: ctx.argv,
    options: {
      'work-unit': { type: 'string' },
      listen: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      ca: { type: 'string' },
      'allow-identity': { type: 'string', multiple: true },
      config: { type: 'string' },
      metrics: { type: 'string' },
      'prometheus-url': { type: 'string' },
      fleet: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'log-file': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  const required = ['work-unit', 'listen', 'cert', 'key', 'ca', 'allow-identity'] as const;
  const missing = required.filter((k) => !values[k] || (Array.isArray(values[k]) && values[k].length === 0));
  if (missing.length > 0)
    throw new HeadroomError(
      'USAGE',
      `missing ${missing.map((m) => `--${m}`).join(', ')}. Run "headroom edge-agent --help".`,
    );
  const workUnit = values['work-unit']!;
  const listen = values.listen!;
  if (!/^(\[[0-9a-f:]+\]|[^\s:]+):\d{1,5}$/i.test(listen))
    throw new HeadroomError('USAGE', `--listen must be HOST:PORT, not "${listen}"`);
  if (!/^\d{1,9}$/.test(values.seed))
    throw new HeadroomError('USAGE', `--seed must be a whole number, not "${values.seed}"`);
  const config: AgentConfig = values.config ? loadAgentConfig(values.config) : defaultAgentConfig();
  const metrics = localMetrics(
    { kind: values.metrics, prometheusUrl: values['prometheus-url'], fleetFile: values.fleet },
    workUnit,
    config,
    Number(values.seed),
    ctx.env,
  );

  const log = pino(
    { base: { workUnit }, level: 'info' },
    values['log-file'] ? pino.destination({ dest: values['log-file'], mkdir: true, sync: false }) : ctx.stderr,
  );
  const agent = await startEdgeAgent({
    workUnit,
    listen,
    tls: { cert: values.cert!, key: values.key!, ca: values.ca! },
    allowIdentities: values['allow-identity']!,
    config,
    log,
    ...(metrics ? { metrics: metrics.reader } : {}),
  });
  const started = {
    workUnit,
    listening: agent.address,
    instanceId: agent.checker.instanceId,
    metrics: metrics?.reader.kind ?? 'none',
    ...(metrics?.reader.kind === 'prometheus' ? { prometheus: metrics.where } : {}),
    model: config.model ? config.model.endpoint : 'none (deterministic summaries)',
  };
  log.info(started, 'edge agent started');
  ctx.stdout.write(
    values.json
      ? `${JSON.stringify(started)}\n`
      : `edge agent of ${workUnit} listening on ${agent.address} (instance ${started.instanceId})\n`,
  );

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await agent.close(2_000);
  log.info({ instanceId: started.instanceId }, 'edge agent stopped');
  log.flush?.();
  return 0;
}

/** Errors to exit codes, as the binary's own handler does, so the command behaves the same run on its own. */
async function exitCodeOf(io: EdgeAgentCommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof HeadroomError) {
      io.stderr.write(`headroom: ${err.message}\n`);
      return err.exitCode;
    }
    if (String((err as { code?: string })?.code ?? '').startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`headroom: ${(err as Error).message}\n`);
      return 1;
    }
    io.stderr.write(`headroom: unexpected failure: ${(err as Error)?.stack ?? String(err)}\n`);
    return 2;
  }
}
