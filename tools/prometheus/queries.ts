// PromQL per metric. Each query returns one series per work unit, carrying the work-unit label;
// the region-load query adds the client-region label. Templates may use {{unit}} and {{region}}
// for the configured label names, so a fleet can point them at its own recording rules.
import { HeadroomError } from '../../analytics/errors.js';
import { UNIT_METRICS, type UnitMetric } from '../../analytics/types.js';

export type QueryKey = UnitMetric | 'regionLoad';
export const QUERY_KEYS: readonly QueryKey[] = [...UNIT_METRICS, 'regionLoad'];

/** Metric names written by the simulated-fleet exporter and backfill, and expected by default. */
export const METRIC_NAMES: Record<QueryKey, string> = {
  load: 'headroom_load_rps',
  cpu: 'headroom_cpu_utilisation',
  memory: 'headroom_memory_utilisation',
  connections: 'headroom_connections',
  network: 'headroom_network_mbps',
  errorRate: 'headroom_error_ratio',
  latencyP95: 'headroom_latency_p95_ms',
  regionLoad: 'headroom_client_region_load_rps',
};

export const DEFAULT_QUERIES: Record<QueryKey, string> = Object.fromEntries(
  QUERY_KEYS.map((k) => [k, METRIC_NAMES[k]]),
) as Record<QueryKey, string>;

export interface QueryLabels {
  unit: string;
  region: string;
}

/** The effective query per key: configured templates over the defaults, placeholders filled. */
export function resolveQueries(
  configured: Readonly<Record<string, string>>,
  labels: QueryLabels,
): Record<QueryKey, string> {
  const unknown = Object.keys(configured).filter((k) => !(QUERY_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new HeadroomError(
      'CONFIG_INVALID',
      `prometheus.queries: unknown key "${unknown.join('", "')}"; known keys: ${QUERY_KEYS.join(', ')}`,
    );
  }
  const result = {} as Record<QueryKey, string>;
  for (const key of QUERY_KEYS) {
    const template = configured[key] ?? DEFAULT_QUERIES[key];
    const filled = template.replaceAll('{{unit}}', labels.unit).replaceAll('{{region}}', labels.region);
    const leftover = /\{\{[^}]*\}\}/.exec(filled);
    if (leftover) {
      throw new HeadroomError(
        'CONFIG_INVALID',
        `prometheus.queries.${key}: unknown placeholder ${leftover[0]} (use {{unit}} or {{region}})`,
      );
    }
    result[key] = filled;
  }
  return result;
}

/**
 * One instant query giving each unit's value and the timestamp of its sample: the value series
 * tagged part="value", and timestamp(q) tagged part="ts". For a plain selector timestamp() is the
 * sample's own time, so a stale sample shows its true age; for an aggregation it is the
 * evaluation time and staleness is bounded by the server's lookback delta (5 min by default).
 */
export function latestQuery(query: string): string {
  return (
    `label_replace((${query}), "${PART_LABEL}", "value", "", "") or ` +
    `label_replace(timestamp(${query}), "${PART_LABEL}", "ts", "", "")`
  );
}

export const PART_LABEL = 'headroom_part';

/**
 * `query` restricted to one unit's series, for any PromQL expression (not only selectors): an `and`
 * with a one-element vector carrying the unit label. Applied outside `latestQuery`, so timestamp()
 * still sees the original expression and sample ages stay true.
 */
export function forUnitQuery(query: string, unitLabel: string, unit: string): string {
  const value = unit.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
  return `(${query}) and on(${unitLabel}) label_replace(vector(1), "${unitLabel}", "${value}", "", "")`;
}
