// Builds the evidence sources from the fleet file's `evidence` section. Without the section, a
// fleet on simulated telemetry reads the simulated fleet's logs, traces and deploys (the demo needs
// no backend); a fleet on real telemetry gets none rather than invented evidence about real units.

import { resolve } from 'node:path';
import { HeadroomError } from '../../analytics/errors.js';
import type { WorkUnitId } from '../../analytics/types.js';
import type {
  EvidenceConfig,
  LogsBackendConfig,
  RecordedDeploysConfig,
  TracesBackendConfig,
  WarehouseConfig,
} from '../config/evidence-schema.js';
import type { FleetConfig } from '../config/load-fleet.js';
import type { DeployIntakeOptions } from '../deploys/deploy-intake.js';
import { DeployStore } from '../deploys/deploy-store.js';
import { RecordedDeployFeed } from '../deploys/recorded-feed.js';
import { type Env, readSecret } from '../prometheus/secrets.js';
import { SimulatedDeployFeed, SimulatedLogSource, SimulatedTraceSource } from '../sim/evidence/index.js';
import type { SimulatedFleet } from '../sim/simulated-fleet.js';
import { DuckDbWarehouse } from '../warehouse/duckdb-warehouse.js';
import { SimulatedWarehouse } from '../warehouse/lazy-sim-warehouse.js';
import { DEFAULT_LIMITS, type SqlWarehouse } from '../warehouse/warehouse.js';
import type { DeployFeed, EvidenceSources, LogSource, TraceSource } from './evidence.js';
import { connectionFromConfig } from './http/connection.js';
import { JaegerTraceSource } from './jaeger/jaeger-trace-source.js';
import { LokiLogSource } from './loki/loki-log-source.js';
import { OpenSearchLogSource } from './opensearch/opensearch-log-source.js';
import { RoutedLogSource, RoutedTraceSource } from './routed.js';
import { TempoTraceSource } from './tempo/tempo-trace-source.js';

export interface EvidenceBuildContext {
  sim: SimulatedFleet;
  env: Env;
  /** Folder relative paths in the section are resolved against (the fleet file's). */
  baseDir: string;
  /** The recorded feed's store when the caller opened it already (to share it with the webhook). */
  deployStore?: DeployStore;
}

export function evidenceSectionOf(config: Pick<FleetConfig, 'evidence' | 'telemetry'>): EvidenceConfig {
  if (config.evidence) return config.evidence;
  if (config.telemetry !== 'simulated') return { units: {} };
  return {
    logs: { kind: 'simulated' },
    traces: { kind: 'simulated' },
    deploys: { kind: 'simulated' },
    warehouse: { kind: 'simulated', days: 730, ...DEFAULT_LIMITS },
    units: {},
  };
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
    case 'tempo':
      return new TempoTraceSource(connectionFromConfig(config, context.env, 'evidence.traces (tempo)'), {
        workUnit: config.workUnitAttribute,
      });
    case 'jaeger':
      return new JaegerTraceSource(connectionFromConfig(config, context.env, 'evidence.traces (jaeger)'), {
        workUnitTag: config.workUnitTag,
        entryService: config.entryService,
      });
  }
}

export function buildDeployFeed(
  config: NonNullable<EvidenceConfig['deploys']>,
  context: EvidenceBuildContext,
): DeployFeed {
  switch (config.kind) {
    case 'simulated':
      return new SimulatedDeployFeed(context.sim);
    case 'recorded':
      return new RecordedDeployFeed(
        context.deployStore ?? openDeployStore(config, context.baseDir),
        Object.fromEntries(Object.entries(config.edgeFiles).map(([wu, f]) => [wu, resolve(context.baseDir, f)])),
      );
  }
}

export function openDeployStore(config: RecordedDeploysConfig, baseDir: string): DeployStore {
  const file = resolve(baseDir, config.database);
  try {
    return new DeployStore(file);
  } catch (err) {
    throw new HeadroomError(
      'CONFIG_INVALID',
      `evidence.deploys.database: cannot open ${file} (${(err as Error).message})`,
    );
  }
}

/** The webhook's settings with secrets resolved; undefined when the section has no webhook. */
export function deployIntakeOptions(
  config: RecordedDeploysConfig,
  store: DeployStore,
  workUnits: readonly string[],
  env: Env,
): { options: DeployIntakeOptions; host: string; port: number } | undefined {
  const hook = config.webhook;
  if (!hook) return undefined;
  return {
    host: hook.listen.host,
    port: hook.listen.port,
    options: {
      store,
      path: hook.path,
      maxBodyBytes: hook.maxBodyBytes,
      workUnits,
      environments: hook.environments,
      ...(hook.github
        ? { githubSecret: readSecret(hook.github.secret, env, 'evidence.deploys.webhook.github.secret') }
        : {}),
      ...(hook.argocd
        ? { argoCdToken: readSecret(hook.argocd.bearer, env, 'evidence.deploys.webhook.argocd.bearer') }
        : {}),
    },
  };
}

/**
 * The warehouse of the evidence section (DuckDB over files or a read-only database file, or the
 * simulated fleet's export at `nowMs`); undefined when none is configured.
 */
export async function openWarehouse(
  config: Pick<FleetConfig, 'evidence' | 'telemetry'>,
  context: EvidenceBuildContext & { nowMs: number },
): Promise<SqlWarehouse | undefined> {
  const w: WarehouseConfig | undefined = evidenceSectionOf(config).warehouse;
  if (!w) return undefined;
  const limits = { maxRows: w.maxRows, maxBytes: w.maxBytes, timeoutMs: w.timeoutMs };
  if (w.kind === 'simulated')
    return new SimulatedWarehouse(context.sim, { endMs: context.nowMs, days: w.days, limits });
  const source = w.files
    ? { files: resolve(context.baseDir, w.files) }
    : { database: resolve(context.baseDir, w.database!) };
  try {
    return await DuckDbWarehouse.open(source, limits);
  } catch (err) {
    throw new HeadroomError(
      'CONFIG_INVALID',
      `evidence.warehouse: cannot open ${'files' in source ? source.files : source.database} (${(err as Error).message.split('\n')[0]})`,
    );
  }
}
