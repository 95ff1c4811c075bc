// Chooses the telemetry and signal sources from the fleet config: the Prometheus MetricsSource when
// signals.telemetry is "prometheus", the real anomaly API and Alertmanager intake when their
// sections exist, the simulated fleet for everything else in simulated mode. In Prometheus mode a
// source in use with no real adapter configured reads "unknown" (never borrowed from the simulation).
// The environment is passed in by bot/ (secrets are named in config, read from env or files).
import { HeadroomError } from '../../analytics/errors.js';
import type { Signal, SignalSourceName, WorkUnitId } from '../../analytics/types.js';
import { type AlertIntakeBundle, buildAlertIntake } from '../alerts/index.js';
import { buildAnomalyApiSource } from '../anomaly-api/index.js';
import type { FleetConfig } from '../config/load-fleet.js';
import { SimulatedMetricsSource, simulatedSignalSources } from '../sim/index.js';
import type { SimulatedFleet } from '../sim/simulated-fleet.js';
import type { MetricsSource, SignalSource } from '../sources/types.js';
import { buildPrometheusMetricsSource } from './build.js';
import type { PrometheusQueryError } from './metrics-source.js';
import type { Env } from './secrets.js';

export interface Telemetry {
  metrics: MetricsSource;
  /** Filtered to the sources in use (metrics excluded: the core evaluates it itself). */
  signalSources: SignalSource[];
  /** The webhook intake, when configured: the caller starts it (listen) and hooks onAlert to an immediate poll. */
  alertIntake?: AlertIntakeBundle;
}

export interface ComposeOptions {
  onQueryFailure?: (err: PrometheusQueryError) => void;
  /** Real sources built elsewhere (e.g. edge agents); they replace the simulated or missing ones by name. */
  extraSources?: SignalSource[];
}

export function composeTelemetry(
  config: FleetConfig,
  sim: SimulatedFleet,
  env: Env,
  options: ComposeOptions = {},
): Telemetry {
  const real = config.telemetry === 'prometheus';
  let metrics: MetricsSource;
  if (real) {
    if (!config.prometheus) {
      throw new HeadroomError(
        'CONFIG_INVALID',
        `${config.file}: signals.telemetry is "prometheus" but the file has no prometheus section (url, auth, queries)`,
      );
    }
    metrics = buildPrometheusMetricsSource(config.prometheus, config.fleet, env, options);
  } else {
    metrics = new SimulatedMetricsSource(sim);
  }
  const alertIntake = config.alertIntake ? buildAlertIntake(config.alertIntake, config.fleet, env) : undefined;
  const configured: SignalSource[] = [];
  if (config.anomalyApi) configured.push(buildAnomalyApiSource(config.anomalyApi, env));
  if (alertIntake) configured.push(alertIntake.source);
  for (const s of options.extraSources ?? []) configured.push(s);
  const byName = new Map<SignalSourceName, SignalSource>(configured.map((s) => [s.name, s]));
  const inUse = (s: SignalSource) => config.sources.includes(s.name);
  // Simulated mode keeps today's sources and their order; configured real ones take their place.
  const signalSources = real
    ? config.sources
        .filter((name) => name !== 'metrics' && name !== 'operator')
        .map((name) => byName.get(name) ?? notConfigured(name, config.file))
    : [
        ...simulatedSignalSources(sim).map((s) => byName.get(s.name) ?? s),
        ...configured.filter((s) => !simulatedSignalSources(sim).some((x) => x.name === s.name)),
      ].filter(inUse);
  const telemetry: Telemetry = { metrics, signalSources };
  if (alertIntake) telemetry.alertIntake = alertIntake;
  return telemetry;
}

function notConfigured(name: SignalSourceName, file: string): SignalSource {
  const detail = `${name} is in use but not configured in ${file}`;
  return {
    name,
    read: async (workUnits: readonly WorkUnitId[]) =>
      new Map(workUnits.map((wu): [WorkUnitId, Signal] => [wu, { source: name, status: 'unknown', detail }])),
  };
}
