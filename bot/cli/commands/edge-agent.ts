import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { HeadroomError, unknownWorkUnit } from '../../../analytics/errors.js';
import { startEdgeAgent } from '../../../edge-agent/agent.js';
import { type AgentConfig, defaultAgentConfig, loadAgentConfig } from '../../../edge-agent/config.js';
import { EXAMPLE_FLEET_FILE, loadFleetConfig } from '../../../tools/config/load-fleet.js';
import { SimulatedFleet, SimulatedMetricsSource } from '../../../tools/sim/index.js';
import type { MetricsSource } from '../../../tools/sources/types.js';
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
  --config FILE          agent configuration: probes, log file, deploys file, thresholds, local model
  --metrics KIND         local metrics: "simulated" (the simulated fleet) or "none" (default: simulated)
  --fleet FILE           fleet file for the simulated metrics (default: manifests/fleet.example.yaml)
  --seed N               simulator seed (default: 1)
  --log-file FILE        write the log there instead of stderr
  --json                 print the start-up line as JSON

Exit codes: 0 stopped by SIGINT/SIGTERM, 1 usage or validation error, 2 runtime failure (e.g. cannot listen).

Example: headroom edge-agent --work-unit eu-west-1 --listen 127.0.0.1:7443 --cert agent.crt --key agent.key --ca fleet-ca.crt --allow-identity central.headroom.internal`;

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
      metrics: { type: 'string', default: 'simulated' },
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
  const metrics = localMetrics(values.metrics, workUnit, values.fleet, Number(values.seed));

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
    ...(metrics ? { metrics } : {}),
  });
  const started = {
    workUnit,
    listening: agent.address,
    instanceId: agent.checker.instanceId,
    metrics: metrics?.kind ?? 'none',
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

/** The simulator stands in for the unit's Prometheus until a Prometheus MetricsSource is wired here. */
function localMetrics(
  kind: string,
  workUnit: string,
  fleetFile: string | undefined,
  seed: number,
): MetricsSource | undefined {
  if (kind === 'none') return undefined;
  if (kind !== 'simulated') throw new HeadroomError('USAGE', `--metrics must be "simulated" or "none", not "${kind}"`);
  const fleet = loadFleetConfig(fleetFile ?? EXAMPLE_FLEET_FILE).fleet;
  const known = fleet.workUnits.map((u) => u.id);
  if (!known.includes(workUnit)) throw unknownWorkUnit(workUnit, known);
  return new SimulatedMetricsSource(new SimulatedFleet(fleet, { seed }));
}
