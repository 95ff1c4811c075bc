// Where `headroom edge-agent` reads local metrics from: the unit's Prometheus, the simulator, or none.
import { HeadroomError, unknownWorkUnit } from '../../analytics/errors.js';
import { EXAMPLE_FLEET_FILE, loadFleetConfig } from '../../tools/config/load-fleet.js';
import { SimulatedFleet, SimulatedMetricsSource } from '../../tools/sim/index.js';
import { type AgentConfig, localPrometheusSchema } from '../config.js';
import { buildPrometheusLocalMetrics, type LocalMetrics, localMetricsFromSource } from '../local-metrics.js';

const METRIC_KINDS = ['prometheus', 'simulated', 'none'] as const;

/** The local metrics source: the unit's Prometheus, the simulator, or none. */
export function localMetrics(
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
