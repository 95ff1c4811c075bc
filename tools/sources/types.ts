import type {
  ClientRegionId,
  LatestSample,
  Series,
  Signal,
  SignalSourceName,
  TimeRange,
  UnitMetric,
  WorkUnitId,
} from '../../analytics/types.js';

/**
 * Telemetry of the fleet. Implemented by the simulated fleet and by Prometheus; one contract
 * suite runs against both. Every call covers all work units at once (one query per metric).
 */
export interface MetricsSource {
  readonly kind: 'simulated' | 'prometheus';
  /** Step-aligned range of one metric for every unit; missing samples are NaN. */
  unitRange(metric: UnitMetric, range: TimeRange): Promise<Map<WorkUnitId, Series>>;
  /** Load (rps) per client region and work unit over a range. */
  regionLoadRange(range: TimeRange): Promise<Map<ClientRegionId, Map<WorkUnitId, Series>>>;
  /** The newest sample at or before `atMs` for every unit that has one (units with none are absent). */
  latest(metric: UnitMetric, atMs: number): Promise<Map<WorkUnitId, LatestSample>>;
}

/** An independent source of health signals other than the metrics (anomaly API, Alertmanager, edge agents, operators). */
export interface SignalSource {
  readonly name: SignalSourceName;
  /** One signal per requested unit; failure to reach the source yields status "unknown", never "ok". */
  read(workUnits: readonly WorkUnitId[], atMs: number): Promise<Map<WorkUnitId, Signal>>;
}
