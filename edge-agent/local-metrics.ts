// Where the agent's local metrics snapshot comes from: the unit's own Prometheus (the central's
// adapter and PromQL templates, restricted to this unit) or any MetricsSource (the simulator).
// A reading is a sample with its own timestamp or the reason there is none: never a made-up value.
import { UNIT_METRICS, type UnitMetric, type WorkUnitId } from '../analytics/types.js';
import { buildPrometheusClient } from '../tools/prometheus/build.js';
import type { PrometheusClient, PromResult } from '../tools/prometheus/client.js';
import { latestByUnit } from '../tools/prometheus/metrics-source.js';
import { forUnitQuery, latestQuery, type QueryKey, resolveQueries } from '../tools/prometheus/queries.js';
import type { Env } from '../tools/prometheus/secrets.js';
import type { MetricsSource } from '../tools/sources/types.js';
import type { LocalPrometheusConfig } from './config.js';

export type MetricReading =
  | { metric: UnitMetric; ok: true; value: number; sampleMs: number }
  | { metric: UnitMetric; ok: false; reason: string; failed: boolean };

export interface LocalMetrics {
  readonly kind: 'simulated' | 'prometheus';
  /** Samples older than this are stale; absent = the source's own step decides (the simulator). */
  readonly freshnessMs?: number;
  /** One reading per unit metric. Never throws: a failure is a reading with its reason. */
  read(workUnit: WorkUnitId, atMs: number): Promise<MetricReading[]>;
}

export function isLocalMetrics(m: MetricsSource | LocalMetrics): m is LocalMetrics {
  return 'read' in m && typeof m.read === 'function';
}

/** A MetricsSource (the simulator, or a test's fake) read one metric at a time for one unit. */
export function localMetricsFromSource(source: MetricsSource): LocalMetrics {
  return {
    kind: source.kind,
    read: (workUnit, atMs) =>
      Promise.all(
        UNIT_METRICS.map(async (metric): Promise<MetricReading> => {
          try {
            const s = (await source.latest(metric, atMs)).get(workUnit);
            if (s && Number.isFinite(s.value)) return { metric, ok: true, value: s.value, sampleMs: s.sampleMs };
            return { metric, ok: false, failed: false, reason: `no sample for ${workUnit}` };
          } catch (err) {
            return { metric, ok: false, failed: true, reason: err instanceof Error ? err.message : String(err) };
          }
        }),
      ),
  };
}

export interface PrometheusLocalMetricsOptions {
  client: PrometheusClient;
  queries: Record<QueryKey, string>;
  unitLabel: string;
  freshnessMs: number;
}

/**
 * The unit's Prometheus: one instant query per metric, restricted to this unit, each asking for the
 * newest sample and its own timestamp (the central's `latestQuery`). The client's hard timeout bounds
 * every query, so a slow or dead Prometheus costs a check cycle at most `timeoutMs`.
 */
export class PrometheusLocalMetrics implements LocalMetrics {
  readonly kind = 'prometheus' as const;
  readonly freshnessMs: number;

  constructor(private readonly options: PrometheusLocalMetricsOptions) {
    this.freshnessMs = options.freshnessMs;
  }

  get client(): PrometheusClient {
    return this.options.client;
  }

  /** The PromQL sent for one metric of one unit. */
  query(metric: UnitMetric, workUnit: WorkUnitId): string {
    const { queries, unitLabel } = this.options;
    return forUnitQuery(latestQuery(queries[metric]), unitLabel, workUnit);
  }

  read(workUnit: WorkUnitId, atMs: number): Promise<MetricReading[]> {
    const units = new Set([workUnit]);
    return Promise.all(
      UNIT_METRICS.map(async (metric): Promise<MetricReading> => {
        const res = await this.options.client.instant(this.query(metric, workUnit), atMs);
        if (!res.ok) return { metric, ok: false, failed: true, reason: failureReason(res) };
        const s = latestByUnit(res.data, this.options.unitLabel, units).get(workUnit);
        if (s && Number.isFinite(s.value)) return { metric, ok: true, value: s.value, sampleMs: s.sampleMs };
        return {
          metric,
          ok: false,
          failed: false,
          reason:
            res.data.length > 0
              ? `several series for ${workUnit} (the query must give one per unit): ${this.options.queries[metric]}`
              : `no sample for ${workUnit} within Prometheus's lookback: ${this.options.queries[metric]}`,
        };
      }),
    );
  }
}

/** What failed, where (server and kind of failure); the query itself is long and the same failure repeats per metric. */
function failureReason(res: Extract<PromResult<unknown>, { ok: false }>): string {
  return `Prometheus ${res.where.replace(/^instant query at \S+ on /, '')} ${res.kind}: ${res.error}`;
}

/**
 * Builds the reader from the agent config's `metrics.prometheus` block (URL possibly from the CLI).
 * Secrets come from the environment the entry point passes in or from files; a missing one throws
 * CONFIG_INVALID naming it.
 */
export function buildPrometheusLocalMetrics(
  config: LocalPrometheusConfig & { url: string },
  env: Env,
): PrometheusLocalMetrics {
  const labels = { unit: config.workUnitLabel, region: config.clientRegionLabel };
  return new PrometheusLocalMetrics({
    client: buildPrometheusClient(config, env),
    queries: resolveQueries(config.queries, labels),
    unitLabel: config.workUnitLabel,
    freshnessMs: config.freshnessMs,
  });
}
