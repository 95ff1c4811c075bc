import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { HeadroomError, unknownWorkUnit } from '../../../analytics/errors.js';
import { startEdgeAgent } from '../../../edge-agent/agent.js';
import {
  type AgentConfig,
  defaultAgentConfig,
  loadAgentConfig,
  localPrometheusSchema,
} from '../../../edge-agent/config.js';
import {
  buildPrometheusLocalMetrics,
  type LocalMetrics,
  localMetricsFromSource,
} from '../../../edge-agent/local-metrics.js';
import { EXAMPLE_FLEET_FILE, loadFleetConfig } from '../../../tools/config/load-fleet.js';
import { SimulatedFleet, SimulatedMetricsSource } from '../../../tools/sim/index.js';
import type { CliCommand, CliContext } from '../command.js';
import { guarded } from './edge-check.js';

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

export const edgeAgentCommand: CliCommand = {
  name: 'edge-agent',
  summary: "run a work unit's edge agent (gRPC over mutual TLS)",
  help: HELP,
  run: (ctx) => guarded(ctx, () => runAgent(ctx)),
};

async function runAgent(ctx: CliContext): Promise<number> {
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

const METRIC_KINDS = ['prometheus', 'simulated', 'none'] as const;

/** The local metrics source: the unit's Prometheus, the simulator, or none. */
function localMetrics(
  flags: { kind: string | undefined; prometheusUrl: string | undefined; fleetFile: string | undefined },
  workUnit: string,
  config: AgentConfig,
  seed: number,
  env: Readonly<Record<string, string | undefined>>,
): { reader: LocalMetrics; where: string } | undefined {
  const promConfig = config.metrics?.prometheus;
  const url = flags.prometheusUrl ?? promConfig?.url;
  // a Prometheus named anywhere means the operator wants it: a missing URL is then an error, not the simulator
  const kind = flags.kind ?? (flags.prometheusUrl !== undefined || promConfig ? 'prometheus' : undefined);
  if (kind === undefined)
    throw new HeadroomError(
      'USAGE',
      "say where local metrics come from: --metrics prometheus --prometheus-url URL (the unit's Prometheus), " +
        '--metrics none, or --metrics simulated (demos and tests only: made-up numbers)',
    );
  if (!(METRIC_KINDS as readonly string[]).includes(kind))
    throw new HeadroomError('USAGE', `--metrics must be "prometheus", "simulated" or "none", not "${kind}"`);
  if (flags.prometheusUrl !== undefined && kind !== 'prometheus')
    throw new HeadroomError('USAGE', `--prometheus-url goes with --metrics prometheus, not --metrics ${kind}`);
  if (kind === 'none') return undefined;
  if (kind === 'prometheus') {
    if (!url)
      throw new HeadroomError(
        'USAGE',
        "--metrics prometheus needs the unit's Prometheus: --prometheus-url URL (or metrics.prometheus.url in the --config file)",
      );
    const base = checkPrometheusUrl(
      url,
      flags.prometheusUrl !== undefined ? '--prometheus-url' : 'metrics.prometheus.url',
    );
    const reader = buildPrometheusLocalMetrics(
      { ...(promConfig ?? localPrometheusSchema.parse({})), url: base.href },
      env,
    );
    // origin and path only: never echo anything that could be a credential
    return { reader, where: `${base.origin}${base.pathname}` };
  }
  const fleet = loadFleetConfig(flags.fleetFile ?? EXAMPLE_FLEET_FILE).fleet;
  const known = fleet.workUnits.map((u) => u.id);
  if (!known.includes(workUnit)) throw unknownWorkUnit(workUnit, known);
  return {
    reader: localMetricsFromSource(new SimulatedMetricsSource(new SimulatedFleet(fleet, { seed }))),
    where: `simulated fleet (seed ${seed})`,
  };
}

function checkPrometheusUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HeadroomError('USAGE', `${what} must be an http(s) URL such as http://127.0.0.1:9090, not "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HeadroomError(
      'USAGE',
      `${what} must be an http(s) URL such as http://127.0.0.1:9090, not "${url.protocol}" ("${text}")`,
    );
  // A secret on the command line shows in ps and in the pod spec: name it in the config instead.
  if (url.username || url.password)
    throw new HeadroomError(
      'USAGE',
      `${what} must not carry credentials; name them in the --config file (metrics.prometheus.auth: bearer or basic, from { env: NAME } or { file: PATH })`,
    );
  return url;
}
