// Why a candidate with room got nothing. It is compared, client region by client region, with
// the costliest target the plan does use for those clients: that is the target it would have to
// displace, so the gap is what choosing it would really cost.
import { servingCostPerHour } from '../cost.js';
import type { FleetModel } from '../types.js';
import { arcCost, type Candidate, type MovedRegion } from './network.js';
import type { PlanTarget, RejectedCandidate } from './types.js';
import { rps, signedDollars, signedMs } from './wording.js';

export function unusedReason(
  fleet: FleetModel,
  regions: MovedRegion[],
  targets: PlanTarget[],
  c: Candidate,
): RejectedCandidate {
  const id = c.unit.id;
  let weight = 0;
  let p95Gap = 0;
  let costGap = 0;
  for (const r of regions) {
    const own = fleet.ttfb[r.id]?.[id]?.p95;
    if (own === undefined) continue;
    let marginal: string | undefined;
    let marginalCost = Number.NEGATIVE_INFINITY;
    for (const t of targets) {
      if (!((t.byClientRegion[r.id] ?? 0) > 0)) continue;
      const cost = arcCost(fleet, r.id, t.workUnit) ?? Number.NEGATIVE_INFINITY;
      if (cost > marginalCost || (cost === marginalCost && marginal !== undefined && t.workUnit < marginal)) {
        marginal = t.workUnit;
        marginalCost = cost;
      }
    }
    if (marginal === undefined) continue;
    weight += r.load;
    p95Gap += r.load * (own - fleet.ttfb[r.id]![marginal]!.p95);
    costGap += servingCostPerHour(fleet, id, r.id, r.load) - servingCostPerHour(fleet, marginal, r.id, r.load);
  }
  const room = `room for ${rps(c.allowance)}`;
  if (weight <= 0) return { workUnit: id, reason: `${id}: feasible but not used (${room})` };
  const perThousand = (1000 * costGap) / weight;
  return {
    workUnit: id,
    reason: `${id}: feasible but not used: TTFB p95 ${signedMs(p95Gap / weight)} and transfer ${signedDollars(perThousand)}/h per 1000 rps vs alternatives (${room})`,
  };
}
