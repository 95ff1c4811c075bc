import { type CapacityNow, capacityNow } from '../../analytics/capacity-now.js';
import { type HeadroomLevel, headroom, headroomLevel } from '../../analytics/headroom.js';
import { metricsSignal } from '../../analytics/metrics-signal.js';
import {
  type CapacityBaseline,
  type LatestSample,
  type Resource,
  type Signal,
  UNIT_METRICS,
  type UnitMetric,
  type UnitState,
  type UnitVerdict,
  type WorkUnitId,
} from '../../analytics/types.js';
import { decideVerdict } from '../../analytics/verdict.js';
import type { Core } from './core.js';

export interface UnitStatus {
  id: WorkUnitId;
  state: UnitState;
  /** Latest load (rps); NaN when unknown. */
  load: number;
  loadObservedAtMs: number | null;
  /** Safe capacity now: the baseline's, less what the unit has visibly lost (see capacityNow). */
  safeCapacity: number;
  headroom: number;
  headroomLevel: HeadroomLevel;
  bindingResource: Resource;
  baseline: CapacityBaseline;
  /** The learned capacity the unit still has now, and why when it is less than all of it. */
  capacity: CapacityNow;
  verdict: UnitVerdict;
}

export interface FleetStatus {
  atMs: number;
  workUnits: UnitStatus[];
}

/** One poll: the newest samples, every signal source, the consensus verdict and headroom per unit. */
export async function evaluateFleet(core: Core, atMs: number): Promise<FleetStatus> {
  const { fleet, sourcesInUse, metrics, signalSources } = core.deps;
  const { history, detector } = await core.learnedAt(atMs);
  const ids = fleet.workUnits.map((u) => u.id);
  const [latestByMetric, external] = await Promise.all([
    Promise.all(UNIT_METRICS.map((m) => metrics.latest(m, atMs))),
    Promise.all(signalSources.map((s) => readSafely(s, ids, atMs))),
  ]);
  const freshnessMs = fleet.thresholds.signalFreshnessSeconds * 1000;

  const workUnits = fleet.workUnits.map((unit): UnitStatus => {
    const latest: Partial<Record<UnitMetric, LatestSample>> = {};
    UNIT_METRICS.forEach((m, i) => {
      const sample = latestByMetric[i]!.get(unit.id);
      if (sample) latest[m] = sample;
    });
    const baseline = history.baselines.get(unit.id)!;
    const fresh = (m: UnitMetric) => {
      const sample = latest[m];
      return sample && atMs - sample.sampleMs <= freshnessMs ? sample.value : undefined;
    };
    const load = fresh('load') ?? Number.NaN;
    const capacity = capacityNow(
      baseline,
      atMs,
      load,
      {
        cpu: fresh('cpu'),
        memory: fresh('memory'),
        connections: ratio(fresh('connections'), unit.limits.connections),
        network: ratio(fresh('network'), unit.limits.networkMbps),
      },
      { latencyP95: fresh('latencyP95'), errorRate: fresh('errorRate') },
    );
    const signals: Signal[] = [];
    if (sourcesInUse.includes('metrics')) {
      const conn = latest.connections;
      const connectionCheck =
        conn && atMs - conn.sampleMs <= freshnessMs
          ? detector.check(unit.id, conn.sampleMs, conn.value)
          : { status: 'unknown' as const, detail: 'no fresh connection samples' };
      const signal = metricsSignal({
        latest,
        limits: unit.limits,
        thresholds: fleet.thresholds,
        connectionCheck,
        ...(capacity.lost
          ? { degraded: { load, safeCapacityNow: capacity.safeCapacity, lostFraction: capacity.lost.fraction } }
          : {}),
      });
      // lost capacity alone is no distress (a load beyond what is left is, above), but it shows where the metrics are read
      signals.push(
        capacity.detail && signal.status !== 'unknown'
          ? { ...signal, detail: `${signal.detail}; ${capacity.detail}` }
          : signal,
      );
    }
    for (const bySource of external) {
      const s = bySource.signals.get(unit.id);
      signals.push(
        s ?? { source: bySource.name, status: 'unknown', detail: `${bySource.name} returned nothing for ${unit.id}` },
      );
    }
    const h = headroom(load, capacity.safeCapacity);
    return {
      id: unit.id,
      state: unit.state,
      load,
      loadObservedAtMs: latest.load?.sampleMs ?? null,
      safeCapacity: capacity.safeCapacity,
      headroom: h,
      headroomLevel: headroomLevel(h, fleet.thresholds.headroomWarning),
      bindingResource: capacity.resource ?? baseline.bindingResource,
      baseline,
      capacity,
      verdict: decideVerdict({ workUnit: unit.id, signals, atMs, freshnessMs }),
    };
  });
  return { atMs, workUnits };
}

function ratio(value: number | undefined, limit: number): number | undefined {
  return value === undefined || !(limit > 0) ? undefined : value / limit;
}

/** A source that throws is a source we cannot read: unknown, never ok. */
async function readSafely(
  source: { name: Signal['source']; read: (ids: readonly string[], at: number) => Promise<Map<string, Signal>> },
  ids: string[],
  atMs: number,
) {
  try {
    return { name: source.name, signals: await source.read(ids, atMs) };
  } catch (err) {
    const detail = `${source.name} unreachable: ${(err as Error).message}`;
    return {
      name: source.name,
      signals: new Map(ids.map((id) => [id, { source: source.name, status: 'unknown' as const, detail }])),
    };
  }
}
