// Where the moved load goes: the optimal placement (min-cost flow under each target's allowance)
// or an operator's forced split (exact loads, placed region by region at least cost, with every
// breach of the allowance reported instead of refused).
import type { FleetModel, WorkUnitId } from '../types.js';
import { solveTransport } from './min-cost-flow.js';
import { arcCost, type Candidate, type MovedRegion, structuralRejection } from './network.js';
import type { RejectedCandidate } from './types.js';
import { listOf, percent, rps } from './wording.js';

export interface Placement {
  /** The units that may receive flow, in the solver's column order. */
  sinks: Candidate[];
  /** flow[i][j] from moved region i to sink j. */
  flow: Float64Array[];
  shedRequired: number;
  /** Candidates that were in the running but got nothing (optimal mode only). */
  unused: Candidate[];
  rejected: RejectedCandidate[];
  notes: string[];
  /** An operator's split (its notes already cover every breach of an allowance). */
  forced: boolean;
  /** Forced split onto a unit that must not receive traffic. */
  barredTargetUsed: boolean;
  /** Degraded units that received load because the clean ones could not take it all. */
  lastResortUsed: Candidate[];
}

function solve(
  fleet: FleetModel,
  regions: MovedRegion[],
  sinks: Candidate[],
  capacities: number[],
  supplies: readonly number[] = regions.map((r) => r.load),
) {
  const costs = regions.map((r) => sinks.map((s) => arcCost(fleet, r.id, s.unit.id)));
  return solveTransport({ supplies, capacities, cost: (i, j) => costs[i]![j] });
}

const hasArc = (fleet: FleetModel, regions: MovedRegion[], c: Candidate) =>
  regions.some((r) => arcCost(fleet, r.id, c.unit.id) !== undefined);

export function placeOptimally(fleet: FleetModel, regions: MovedRegion[], candidates: Candidate[]): Placement {
  const reserve = fleet.thresholds.reserveAfterFailover;
  const rejected: RejectedCandidate[] = [];
  const sinks: Candidate[] = [];
  for (const c of candidates) {
    const rejection = structuralRejection(c, reserve);
    if (rejection) rejected.push(rejection);
    else if (regions.length > 0 && !hasArc(fleet, regions, c)) {
      rejected.push({
        workUnit: c.unit.id,
        reason: `${c.unit.id}: excluded (no TTFB measured from ${listOf(regions.map((r) => r.id))})`,
      });
    } else sinks.push(c);
  }
  // Clean targets first; degraded ones (last resorts) only take what the clean ones could not.
  const clean = sinks.filter((s) => s.lastResortBecause === undefined);
  const degraded = sinks.filter((s) => s.lastResortBecause !== undefined);
  const ordered = [...clean, ...degraded];
  const first = solve(
    fleet,
    regions,
    clean,
    clean.map((s) => s.allowance),
  );
  const flow = regions.map((_, i) => {
    const row = new Float64Array(ordered.length);
    row.set(first.flow[i]!);
    return row;
  });
  let shedRequired = first.shedTotal;
  const dust =
    1e-9 *
    Math.max(
      1,
      regions.reduce((s, r) => s + r.load, 0),
    );
  const needed = shedRequired > dust && degraded.length > 0;
  if (needed) {
    const second = solve(
      fleet,
      regions,
      degraded,
      degraded.map((s) => s.allowance),
      Array.from(first.shed),
    );
    regions.forEach((_, i) => {
      degraded.forEach((_, k) => {
        flow[i]![clean.length + k] = second.flow[i]![k]!;
      });
    });
    shedRequired = second.shedTotal;
  }
  const used = ordered.map((_, j) => flow.some((row) => row[j]! > dust));
  for (const [j, c] of ordered.entries()) {
    if (used[j] || c.lastResortBecause === undefined) continue;
    rejected.push({
      workUnit: c.unit.id,
      reason: needed
        ? `${c.unit.id}: kept out as a last resort (${c.lastResortBecause}); needed, but it has no room or no measured TTFB for the clients left`
        : `${c.unit.id}: kept out (${c.lastResortBecause}): a plan without it exists`,
    });
  }
  return {
    sinks: ordered,
    flow,
    shedRequired,
    unused: ordered.filter((c, j) => !used[j] && c.lastResortBecause === undefined),
    rejected,
    notes: [],
    forced: false,
    barredTargetUsed: false,
    lastResortUsed: ordered.filter((c, j) => used[j] && c.lastResortBecause !== undefined),
  };
}

export function placeForced(
  fleet: FleetModel,
  regions: MovedRegion[],
  candidates: Candidate[],
  split: Record<WorkUnitId, number>,
): Placement {
  const reserve = fleet.thresholds.reserveAfterFailover;
  const moved = regions.reduce((s, r) => s + r.load, 0);
  const sinks = candidates.filter((c) => (split[c.unit.id] ?? 0) > 0);
  const wanted = sinks.map((s) => split[s.unit.id]! * moved);
  const solution = solve(fleet, regions, sinks, wanted);
  const notes: string[] = [];
  let overflow = 0;
  let barredTargetUsed = false;
  sinks.forEach((s, j) => {
    const load = solution.flow.reduce((sum, row) => sum + row[j]!, 0);
    const id = s.unit.id;
    if (s.barredBecause !== undefined && load > 0) {
      barredTargetUsed = true;
      notes.push(`forced split sends ${rps(load)} to ${id}, which is excluded (${s.barredBecause})`);
    }
    if (s.lastResortBecause !== undefined && load > 0) {
      notes.push(`forced split sends ${rps(load)} to ${id}, which is degraded (${s.lastResortBecause})`);
    }
    const excess = load - s.allowance;
    if (excess > 1e-9 * Math.max(1, moved)) {
      overflow += excess;
      const after = (s.peak + load) / s.safe;
      const over =
        after > 1
          ? `over safe capacity (${percent(after)} of it at forecast peak)`
          : `inside the ${percent(reserve)} reserve or herd allowance`;
      notes.push(
        `forced split gives ${id} ${rps(load)} but it has room for ${rps(s.allowance)} after the reserve and the ${percent(s.herdFactor)} herd allowance: ${rps(excess)} too much, ${over}`,
      );
    }
  });
  if (solution.shedTotal > 0) {
    notes.push(
      `${rps(solution.shedTotal)} cannot reach the forced targets: no TTFB measured for some moved client regions`,
    );
  }
  const rejected: RejectedCandidate[] = candidates
    .filter((c) => !sinks.includes(c))
    .map(
      (c) =>
        structuralRejection(c, reserve) ?? { workUnit: c.unit.id, reason: `${c.unit.id}: not in the forced split` },
    );
  return {
    sinks,
    flow: solution.flow,
    shedRequired: overflow + solution.shedTotal,
    unused: [],
    rejected,
    notes,
    forced: true,
    barredTargetUsed,
    lastResortUsed: sinks.filter(
      (c, j) => c.lastResortBecause !== undefined && solution.flow.some((row) => row[j]! > 0),
    ),
  };
}
