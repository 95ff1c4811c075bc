// MetricsSource over the Prometheus HTTP API: one query per metric covering every unit (never one
// per unit), long ranges split into chunks, results placed on the requested step-aligned grid.
import { HeadroomError } from '../../analytics/errors.js';
import type {
  ClientRegionId,
  FleetModel,
  LatestSample,
  Series,
  TimeRange,
  UnitMetric,
  WorkUnitId,
} from '../../analytics/types.js';
import type { MetricsSource } from '../sources/types.js';
import type { InstantSample, PrometheusClient, PromResult, RangeSeries } from './client.js';
import { latestQuery, PART_LABEL, type QueryKey, type QueryLabels } from './queries.js';
import { emptySeries, placePoints, planChunks, pointCount } from './range-plan.js';

export interface PrometheusMetricsSourceOptions {
  client: PrometheusClient;
  fleet: FleetModel;
  queries: Record<QueryKey, string>;
  labels: QueryLabels;
  /** Chunks of one long range fetched at once. */
  concurrency?: number;
  /** Told about each failed instant query (the runtime logs it). */
  onQueryFailure?: (err: PrometheusQueryError) => void;
}

/** A query that failed: what was asked, where, over which range and what came back. */
export class PrometheusQueryError extends HeadroomError {
  constructor(failure: Extract<PromResult<unknown>, { ok: false }>) {
    super(
      'DATA_MISSING',
      `Prometheus ${failure.where}: ${failure.error} (query: ${failure.query}${failure.range ? `, range ${failure.range}` : ''})`,
      { ...failure },
    );
  }
}

export class PrometheusMetricsSource implements MetricsSource {
  readonly kind = 'prometheus' as const;
  private readonly unitIds: Set<WorkUnitId>;
  /** The most recent failed instant query, for status pages and tests. */
  lastFailure?: Extract<PromResult<unknown>, { ok: false }>;

  constructor(private readonly options: PrometheusMetricsSourceOptions) {
    this.unitIds = new Set(options.fleet.workUnits.map((u) => u.id));
  }

  get client(): PrometheusClient {
    return this.options.client;
  }

  async unitRange(metric: UnitMetric, range: TimeRange): Promise<Map<WorkUnitId, Series>> {
    const count = pointCount(range);
    const result = new Map<WorkUnitId, Series>();
    for (const id of this.unitIds) result.set(id, emptySeries(range, count));
    for (const s of await this.fetchRange(this.options.queries[metric], range)) {
      const series = result.get(s.labels[this.options.labels.unit] ?? '');
      if (series) placePoints(series, s.points);
    }
    return result;
  }

  async regionLoadRange(range: TimeRange): Promise<Map<ClientRegionId, Map<WorkUnitId, Series>>> {
    const count = pointCount(range);
    const { fleet, labels } = this.options;
    // Every routed pair exists even without samples, so consumers see the routing table.
    const result = new Map<ClientRegionId, Map<WorkUnitId, Series>>();
    for (const region of fleet.clientRegions) {
      const byUnit = new Map<WorkUnitId, Series>();
      for (const wu of Object.keys(fleet.routing[region.id] ?? {})) byUnit.set(wu, emptySeries(range, count));
      result.set(region.id, byUnit);
    }
    for (const s of await this.fetchRange(this.options.queries.regionLoad, range)) {
      const region = s.labels[labels.region] ?? '';
      const unit = s.labels[labels.unit] ?? '';
      const byUnit = result.get(region);
      if (!byUnit || !this.unitIds.has(unit)) continue;
      let series = byUnit.get(unit);
      if (!series) {
        series = emptySeries(range, count);
        byUnit.set(unit, series);
      }
      placePoints(series, s.points);
    }
    return result;
  }

  /**
   * Newest sample per unit. A failed query yields no samples (so every unit's metrics signal is
   * "unknown", never "ok") and is reported through onQueryFailure; history reads throw instead,
   * because nothing can be learned from a range that did not arrive.
   */
  async latest(metric: UnitMetric, atMs: number): Promise<Map<WorkUnitId, LatestSample>> {
    if (!Number.isFinite(atMs)) throw new HeadroomError('INPUT_INVALID', `latest needs a finite time (got ${atMs})`);
    const res = await this.options.client.instant(latestQuery(this.options.queries[metric]), atMs);
    if (!res.ok) {
      this.lastFailure = res;
      this.options.onQueryFailure?.(new PrometheusQueryError(res));
      return new Map<WorkUnitId, LatestSample>();
    }
    return latestByUnit(res.data, this.options.labels.unit, this.unitIds);
  }

  private async fetchRange(query: string, range: TimeRange): Promise<RangeSeries[]> {
    const chunks = planChunks(range);
    const concurrency = Math.max(1, this.options.concurrency ?? 4);
    const out: RangeSeries[] = [];
    for (let i = 0; i < chunks.length; i += concurrency) {
      const batch = chunks.slice(i, i + concurrency);
      const results = await Promise.all(
        batch.map((c) => this.options.client.range(query, c.startMs, c.endMs, range.stepMs)),
      );
      for (const res of results) {
        if (!res.ok) throw new PrometheusQueryError(res);
        out.push(...res.data);
      }
    }
    return out;
  }
}

/**
 * Newest sample per unit from the answer of a `latestQuery`: the value series and its timestamp
 * series (PART_LABEL) joined by the unit label. Units outside `units` are ignored; a unit with
 * several series (a template that does not aggregate by unit) or without a timestamp is left out
 * rather than guessed, and so is a value that is not a finite number (NaN from 0/0 when a unit takes
 * no traffic, ±Inf): every threshold comparison with NaN is false, so it would read as "ok".
 */
export function latestByUnit(
  samples: readonly InstantSample[],
  unitLabel: string,
  units: ReadonlySet<WorkUnitId>,
): Map<WorkUnitId, LatestSample> {
  const result = new Map<WorkUnitId, LatestSample>();
  const values = new Map<WorkUnitId, number>();
  const times = new Map<WorkUnitId, number>();
  const ambiguous = new Set<WorkUnitId>();
  for (const sample of samples) {
    const unit = sample.labels[unitLabel];
    if (!unit || !units.has(unit)) continue;
    const part = sample.labels[PART_LABEL] === 'ts' ? times : values;
    if (part.has(unit)) ambiguous.add(unit);
    part.set(unit, part === times ? Math.round(sample.value * 1000) : sample.value);
  }
  for (const [unit, value] of values) {
    const sampleMs = times.get(unit);
    if (sampleMs === undefined || ambiguous.has(unit) || !Number.isFinite(value)) continue;
    result.set(unit, { value, sampleMs });
  }
  return result;
}
