// Builds the evidence sources from the fleet file's `evidence` section. Without the section, a
// fleet on simulated telemetry reads the simulated fleet's logs, traces and deploys (the demo needs
// no backend); a fleet on real telemetry gets none rather than invented evidence about real units.
import type { WorkUnitId } from '../../analytics/types.js';
import type { EvidenceConfig, LogsBackendConfig, TracesBackendConfig } from '../config/evidence-schema.js';
import type { FleetConfig } from '../config/load-fleet.js';
import type { Env } from '../prometheus/secrets.js';
import { SimulatedDeployFeed, SimulatedLogSource, SimulatedTraceSource } from '../sim/evidence/index.js';
import type { SimulatedFleet } from '../sim/simulated-fleet.js';
import type { DeployFeed, EvidenceSources, LogSource, TraceSource } from './evidence.js';
import { connectionFromConfig } from './http/connection.js';
import { LokiLogSource } from './loki/loki-log-source.js';
import { OpenSearchLogSource } from './opensearch/opensearch-log-source.js';
import { RoutedLogSource, RoutedTraceSource } from './routed.js';

export interface EvidenceBuildContext {
  sim: SimulatedFleet;
  env: Env;
  /** Folder relative paths in the section are resolved against (the fleet file's). */
  baseDir: string;
}

export function evidenceSectionOf(config: Pick<FleetConfig, 'evidence' | 'telemetry'>): EvidenceConfig {
  if (config.evidence) return config.evidence;
  if (config.telemetry !== 'simulated') return { units: {} };
  return { logs: { kind: 'simulated' }, traces: { kind: 'simulated' }, deploys: { kind: 'simulated' }, units: {} };
}

export function buildEvidenceSources(
  config: Pick<FleetConfig, 'evidence' | 'telemetry'>,
  context: EvidenceBuildContext,
): EvidenceSources {
  const section = evidenceSectionOf(config);
  const out: EvidenceSources = {};
  const logs = routed(
    section,
    'logs',
    (c: LogsBackendConfig) => buildLogSource(c, context),
    (f, m) => new RoutedLogSource(f, m),
  );
  if (logs) out.logs = logs;
  const traces = routed(
    section,
    'traces',
    (c: TracesBackendConfig) => buildTraceSource(c, context),
    (f, m) => new RoutedTraceSource(f, m),
  );
  if (traces) out.traces = traces;
  if (section.deploys) out.deploys = buildDeployFeed(section.deploys, context);
  return out;
}

function routed<C, S>(
  section: EvidenceConfig,
  key: 'logs' | 'traces',
  build: (config: C) => S,
  route: (fallback: S | undefined, perUnit: Map<WorkUnitId, S>) => S,
): S | undefined {
  const global = section[key] as C | undefined;
  const perUnit = new Map<WorkUnitId, S>();
  for (const [wu, override] of Object.entries(section.units)) {
    const c = override[key] as C | undefined;
    if (c) perUnit.set(wu, build(c));
  }
  const fallback = global ? build(global) : undefined;
  if (perUnit.size === 0) return fallback;
  return route(fallback, perUnit);
}

export function buildLogSource(config: LogsBackendConfig, context: EvidenceBuildContext): LogSource {
  switch (config.kind) {
    case 'simulated':
      return new SimulatedLogSource(context.sim);
    case 'loki':
      return new LokiLogSource(connectionFromConfig(config, context.env, 'evidence.logs (loki)'), config.labels);
    case 'opensearch':
      return new OpenSearchLogSource(
        connectionFromConfig(config, context.env, 'evidence.logs (opensearch)'),
        config.index,
        config.fields,
      );
  }
}

export function buildTraceSource(config: TracesBackendConfig, context: EvidenceBuildContext): TraceSource {
  switch (config.kind) {
    case 'simulated':
      return new SimulatedTraceSource(context.sim);
  }
}

export function buildDeployFeed(
  config: NonNullable<EvidenceConfig['deploys']>,
  context: EvidenceBuildContext,
): DeployFeed {
  switch (config.kind) {
    case 'simulated':
      return new SimulatedDeployFeed(context.sim);
  }
}
