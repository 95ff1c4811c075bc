import { type BaselineInput, computeBaseline } from '../../analytics/baseline.js';
import { divideSeries, resample } from '../../analytics/series.js';
import type {
  CapacityBaseline,
  ClientRegionId,
  FleetModel,
  Resource,
  Series,
  Thresholds,
  UnitMetric,
  WorkUnit,
  WorkUnitId,
} from '../../analytics/types.js';
import type { MetricsSource } from '../../tools/sources/types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What the core learns from history, once per refresh: baselines, hourly load, raw connections. */
export interface FleetHistory {
  builtAtMs: number;
  baselines: Map<WorkUnitId, CapacityBaseline>;
  hourlyLoad: Map<WorkUnitId, Series>;
  hourlyRegionLoad: Map<ClientRegionId, Map<WorkUnitId, Series>>;
  connections: Map<WorkUnitId, Series>;
}

export interface HistoryOptions {
  days: number;
  stepMs: number;
}

/** Reads `days` of history ending at `atMs` (one query per metric for all units) and learns from it. */
export async function loadFleetHistory(
  fleet: FleetModel,
  metrics: MetricsSource,
  atMs: number,
  { days, stepMs }: HistoryOptions,
): Promise<FleetHistory> {
  const range = historyRange(atMs, { days, stepMs });
  const endMs = range.endMs;
  const names: UnitMetric[] = ['load', 'cpu', 'memory', 'connections', 'network', 'errorRate', 'latencyP95'];
  const fetched = await Promise.all(names.map((m) => metrics.unitRange(m, range)));
  const byMetric = new Map(names.map((m, i) => [m, fetched[i]!]));
  const hourlyRange = { startMs: Math.floor(range.startMs / HOUR_MS) * HOUR_MS, endMs, stepMs: HOUR_MS };
  const regionLoad = await metrics.regionLoadRange(hourlyRange);

  const empty = emptySeries(range.startMs, stepMs, Math.floor((endMs - range.startMs) / stepMs) + 1);
  const get = (m: UnitMetric, wu: WorkUnitId) => byMetric.get(m)?.get(wu) ?? empty;
  const baselines = new Map<WorkUnitId, CapacityBaseline>();
  const hourlyLoad = new Map<WorkUnitId, Series>();
  const connections = new Map<WorkUnitId, Series>();
  for (const unit of fleet.workUnits) {
    baselines.set(unit.id, computeBaseline(baselineInput(unit, (m) => get(m, unit.id), fleet.thresholds)));
    hourlyLoad.set(unit.id, resample(get('load', unit.id), HOUR_MS, 'mean'));
    connections.set(unit.id, get('connections', unit.id));
  }
  return { builtAtMs: atMs, baselines, hourlyLoad, hourlyRegionLoad: regionLoad, connections };
}

/** The samples a history read at atMs covers: `days` back from the last whole step. */
export function historyRange(atMs: number, { days, stepMs }: HistoryOptions) {
  const endMs = Math.floor(atMs / stepMs) * stepMs;
  return { startMs: endMs - days * DAY_MS, endMs, stepMs };
}

function emptySeries(startMs: number, stepMs: number, n: number): Series {
  return { startMs, stepMs, values: new Float64Array(n).fill(Number.NaN) };
}

/** A unit's history as the baseline needs it: connections and network as a fraction of their limits. */
export function baselineInput(
  unit: WorkUnit,
  series: (metric: UnitMetric) => Series,
  thresholds: Thresholds,
): BaselineInput {
  const utilisation: Record<Resource, Series> = {
    cpu: series('cpu'),
    memory: series('memory'),
    connections: divideSeries(series('connections'), unit.limits.connections),
    network: divideSeries(series('network'), unit.limits.networkMbps),
  };
  return {
    workUnit: unit,
    load: series('load'),
    utilisation,
    errorRate: series('errorRate'),
    latencyP95: series('latencyP95'),
    thresholds,
  };
}
