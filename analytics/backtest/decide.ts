// One poll's decision over a snapshot, the same steps the shadow loop takes: capacity now and a
// consensus verdict per unit, then for each unit to drain a plan from its served load, kept off
// barred and degraded targets, replayed on the fleet model before it would be posted.
import { type CapacityNow, capacityNow } from '../capacity-now.js';
import { planWithReplay } from '../planner/replayed.js';
import type { Plan } from '../planner/types.js';
import { unitModelOf } from '../replay.js';
import { servedLoadAtPeak } from '../served-load.js';
import { targetPolicy } from '../target-policy.js';
import type { UnitVerdict, WorkUnitId } from '../types.js';
import { decideVerdict } from '../verdict.js';
import type { Snapshot } from './scenario.js';

export interface Decision {
  capacity: Record<WorkUnitId, CapacityNow>;
  verdicts: Record<WorkUnitId, UnitVerdict>;
  /** A plan per unit drained (its verdict is failover, or it was asked for). */
  plans: Record<WorkUnitId, Plan>;
}

export function decideSnapshot(s: Snapshot, planFor?: WorkUnitId): Decision {
  const { fleet, atMs } = s;
  const freshnessMs = fleet.thresholds.signalFreshnessSeconds * 1000;
  const capacity: Decision['capacity'] = {};
  const verdicts: Decision['verdicts'] = {};
  for (const u of fleet.workUnits) {
    const o = s.observed[u.id]!;
    const baseline = s.baselines[u.id]!;
    capacity[u.id] = o.fresh
      ? capacityNow(baseline, atMs, o.load, o.utilisation, { latencyP95: o.latencyP95, errorRate: o.errorRate })
      : { safeCapacity: baseline.safeCapacity, kept: 1 };
    verdicts[u.id] = decideVerdict({ workUnit: u.id, signals: s.signals[u.id] ?? [], atMs, freshnessMs });
  }
  const drains = planFor
    ? [planFor]
    : fleet.workUnits.filter((u) => verdicts[u.id]!.verdict === 'failover').map((u) => u.id);
  const conditions = fleet.workUnits.map((u) => ({ id: u.id, verdict: verdicts[u.id]!, capacity: capacity[u.id]! }));
  const models = Object.fromEntries(
    fleet.workUnits.map((u) => [u.id, unitModelOf(s.baselines[u.id]!, capacity[u.id]!.kept)]),
  );
  const safeCapacity = Object.fromEntries(fleet.workUnits.map((u) => [u.id, capacity[u.id]!.safeCapacity]));
  const plans: Decision['plans'] = {};
  for (const d of drains) {
    // a unit without fresh telemetry has no observed served load: the routing is the fallback
    const observed = Object.fromEntries(
      Object.entries(s.servedByRegion).map(([region, row]) => [
        region,
        Object.fromEntries(Object.entries(row).filter(([wu]) => s.observed[wu]?.fresh)),
      ]),
    );
    const served = servedLoadAtPeak({ fleet, drain: [d], observed, unitPeakLoad: s.unitPeakLoad });
    const policy = targetPolicy(conditions, [d]);
    plans[d] = planWithReplay({
      fleet,
      drain: [d],
      regionLoad: served.regionLoad,
      unitPeakLoad: s.unitPeakLoad,
      safeCapacity,
      excluded: policy.excluded,
      lastResort: policy.lastResort,
      inputNotes: served.notes,
      models,
    });
  }
  return { capacity, verdicts, plans };
}
