// Why a candidate with room got nothing. It is compared, client region by client region, with
// the costliest target the plan does use for those clients: that is the target it would have to
// displace, so the gap is what choosing it would really cost.
import { servingCostPerHour } from '../cost.js';
import type { FleetModel } from '../types.js';
import { arcCost, type Candidate, type MovedRegion } from './network.js';
import type { PlanTarget, RejectedCandidate } from './types.js';
import { rps, signedDollars, signedMs } from './wording.js';

/** What an unused candidate would have cost for one client region, against the target it would displace. */
interface RegionGap {
  region: string;
  load: number;
  against: string;
  p95GapMs: number;
  costGapPerHour: number;
}

export function unusedReason(
  fleet: FleetModel,
  regions: MovedRegion[],
  targets: PlanTarget[],
  c: Candidate,
): RejectedCandidate {
  const id = c.unit.id;
  const gaps: RegionGap[] = [];
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
    gaps.push({
      region: r.id,
      load: r.load,
      against: marginal,
      p95GapMs: own - fleet.ttfb[r.id]![marginal]!.p95,
      costGapPerHour: servingCostPerHour(fleet, id, r.id, r.load) - servingCostPerHour(fleet, marginal, r.id, r.load),
    });
  }
  const room = `it had room for ${rps(c.allowance)}`;
  const weight = gaps.reduce((s, g) => s + g.load, 0);
  if (weight <= 0)
    return { workUnit: id, reason: `${id}: not used: none of the moved clients were measured to it (${room})` };
  const p95Gap = gaps.reduce((s, g) => s + g.load * g.p95GapMs, 0) / weight;
  const perThousand = (1000 * gaps.reduce((s, g) => s + g.costGapPerHour, 0)) / weight;
  // the client region where choosing it would have hurt most, in the planner's own objective
  const { latencyWeight, costWeight } = fleet.objective;
  const worst = gaps.reduce((a, b) =>
    b.load * (latencyWeight * b.p95GapMs) + costWeight * b.costGapPerHour >
    a.load * (latencyWeight * a.p95GapMs) + costWeight * a.costGapPerHour
      ? b
      : a,
  );
  const where = `clients in ${worst.region} would get TTFB p95 ${signedMs(worst.p95GapMs)} against ${worst.against}`;
  const latency = `TTFB p95 ${signedMs(p95Gap)}`;
  const cost = `${signedDollars(perThousand)}/h per 1000 rps`;
  const lostOn =
    p95Gap > 0 && perThousand > 0
      ? `lost on latency and cost (${latency}, ${cost} for the moved clients; ${where})`
      : p95Gap > 0
        ? `lost on latency (${latency} for the moved clients; ${where}); being ${cost} cheaper does not make up for it`
        : perThousand > 0
          ? `lost on cost (${cost} for the moved clients); its ${latency} does not make up for it`
          : `not needed: the targets used take the moved load (${latency}, ${cost} for the moved clients)`;
  return { workUnit: id, reason: `${id}: not used: ${lostOn}; ${room}` };
}
