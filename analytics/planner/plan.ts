import { servingCostPerHour } from '../cost.js';
import type { FleetModel } from '../types.js';
import { unusedReason } from './explain.js';
import { type Candidate, candidatesOf, type MovedRegion, movedRegions } from './network.js';
import { type Placement, placeForced, placeOptimally } from './placement.js';
import { planStages } from './stages.js';
import type { Plan, PlanInput, PlanTarget } from './types.js';
import { validatePlanInput } from './validate.js';
import { percent, rps } from './wording.js';

/**
 * The failover plan: moves the drained units' load, client region by client region, to the
 * targets that minimise latencyWeight × TTFB p95 + costWeight × transfer $/h, within each
 * target's safe capacity minus the reserve and the thundering-herd allowance.
 */
export function planFailover(input: PlanInput): Plan {
  const drained = validatePlanInput(input);
  const { fleet } = input;
  const regions = movedRegions(input, drained);
  const movedLoad = regions.reduce((s, r) => s + r.load, 0);
  const candidates = candidatesOf(input, drained);
  const placement = input.forcedSplit
    ? placeForced(fleet, regions, candidates, normalised(input.forcedSplit))
    : placeOptimally(fleet, regions, candidates);

  // Flows below this are rounding, not traffic.
  const dust = 1e-9 * Math.max(1, movedLoad);
  const targets = placement.sinks
    .map((sink, j) => targetOf(fleet, regions, placement, sink, j, movedLoad))
    .filter((t) => t.load > dust)
    .sort((a, b) => b.share - a.share || a.workUnit.localeCompare(b.workUnit));
  for (const t of targets) {
    for (const [region, load] of Object.entries(t.byClientRegion)) if (load <= dust) delete t.byClientRegion[region];
  }

  const shedRequired = placement.shedRequired > dust ? placement.shedRequired : 0;
  const feasible = shedRequired === 0 && !placement.barredTargetUsed;
  const staging = planStages(
    targets.map((t) => {
      const sink = placement.sinks.find((s) => s.unit.id === t.workUnit)!;
      return { workUnit: t.workUnit, load: t.load, peak: sink.peak, cold: t.coldStart };
    }),
    fleet.thresholds,
  );
  const rejected = [...placement.rejected, ...placement.unused.map((c) => unusedReason(fleet, regions, targets, c))];
  const order = new Map(fleet.workUnits.map((u, i) => [u.id, i]));
  rejected.sort((a, b) => order.get(a.workUnit)! - order.get(b.workUnit)!);

  return {
    feasible,
    drained: [...input.drain],
    movedLoad,
    targets,
    costPerHourDelta: costDelta(fleet, regions, placement),
    stages: staging.stages,
    shedRequired,
    rejected,
    notes: [
      ...(input.inputNotes ?? []),
      ...notesOf(fleet, movedLoad, shedRequired, targets, placement),
      ...placement.notes,
      ...staging.notes,
    ],
  };
}

function targetOf(
  fleet: FleetModel,
  regions: MovedRegion[],
  placement: Placement,
  sink: Candidate,
  j: number,
  movedLoad: number,
): PlanTarget {
  const id = sink.unit.id;
  const byClientRegion: Record<string, number> = {};
  let load = 0;
  let deltaWeighted = 0;
  let deltaWeight = 0;
  regions.forEach((r, i) => {
    const f = placement.flow[i]![j]!;
    if (f <= 0) return;
    byClientRegion[r.id] = f;
    load += f;
    const p95 = fleet.ttfb[r.id]?.[id]?.p95;
    if (p95 !== undefined && Number.isFinite(r.originP95)) {
      deltaWeighted += f * (p95 - r.originP95);
      deltaWeight += f;
    }
  });
  const target: PlanTarget = {
    workUnit: id,
    share: movedLoad > 0 ? load / movedLoad : 0,
    load,
    headroomAfter: (sink.safe - (sink.peak + load)) / sink.safe,
    ttfbP95DeltaMs: deltaWeight > 0 ? deltaWeighted / deltaWeight : 0,
    coldStart: sink.unit.state === 'cold-standby',
    byClientRegion,
  };
  if (sink.lastResortBecause !== undefined) {
    target.lastResort =
      `last resort: ${sink.lastResortBecause}; used only because the clean targets cannot take it all — ` +
      'it may hold less than its learned capacity: watch it closely and prefer shedding if it degrades';
  }
  return target;
}

/** $/h of serving the placed traffic from its targets minus serving the same traffic from its origins. */
function costDelta(fleet: FleetModel, regions: MovedRegion[], placement: Placement): number {
  let delta = 0;
  regions.forEach((r, i) => {
    placement.sinks.forEach((sink, j) => {
      const f = placement.flow[i]![j]!;
      if (f > 0) delta += servingCostPerHour(fleet, sink.unit.id, r.id, f) - f * r.originCostPerRps;
    });
  });
  return delta;
}

function notesOf(
  fleet: FleetModel,
  movedLoad: number,
  shedRequired: number,
  targets: PlanTarget[],
  placement: Placement,
): string[] {
  const { reserveAfterFailover: reserve, herdFactorCold } = fleet.thresholds;
  const notes: string[] = [];
  if (movedLoad === 0) notes.push('nothing to move: the drained units carry no load at the planning moment');
  if (shedRequired > 0) {
    notes.push(
      `cannot place ${rps(shedRequired)} of ${rps(movedLoad)} (${percent(shedRequired / movedLoad)}) within safe capacity ` +
        `minus the ${percent(reserve)} reserve and the thundering-herd allowance: shed that load or add capacity`,
    );
  }
  const lastResorts = targets.filter((t) => t.lastResort !== undefined).map((t) => t.workUnit);
  if (lastResorts.length > 0) {
    notes.push(
      `no plan without degraded units exists: ${lastResorts.join(', ')} ${lastResorts.length === 1 ? 'is' : 'are'} used as a last resort for what the clean targets cannot take`,
    );
  }
  for (const t of targets) {
    const sink = placement.sinks.find((s) => s.unit.id === t.workUnit)!;
    if (t.coldStart) {
      notes.push(
        `${t.workUnit} is a cold standby: room kept for a ${percent(herdFactorCold)} reconnect spike, load shifted in stages`,
      );
    }
    if (!placement.forced && t.load >= sink.allowance * (1 - 1e-9)) {
      notes.push(
        `${t.workUnit} takes all the room it has (${rps(sink.allowance)}; ${percent(sink.peak / sink.safe)} utilised at forecast peak before the move)`,
      );
    }
  }
  return notes;
}

/** Shares as people write them (thirds as 0.3333, within the validator's tolerance) scaled to sum to exactly 1. */
function normalised(split: Record<string, number>): Record<string, number> {
  const total = Object.values(split).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(split).map(([wu, share]) => [wu, share / total]));
}
