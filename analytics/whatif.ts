// What-if: the failover planner on a hypothetical state. Growth and added capacity change the
// numbers first; shed or decommissioned units are then drained through the same planner.
import { HeadroomError, unknownWorkUnit } from './errors.js';
import { planFailover } from './planner/plan.js';
import { planWithReplay } from './planner/replayed.js';
import type { Plan } from './planner/types.js';
import type { UnitModel } from './replay.js';
import type { ClientRegionId, FleetModel, WorkUnitId } from './types.js';
import type { WhatIfViolationKind } from './vocabulary.js';

export interface WhatIfChange {
  /** Units whose traffic is moved away (they stay in the fleet, idle). */
  shed?: WorkUnitId[];
  /** Units removed from the fleet: their traffic moves and their capacity is gone. */
  decommission?: WorkUnitId[];
  /** Traffic growth in percent, applied to every load. */
  growPct?: number;
  /** Extra safe capacity per unit, in percent of today's. */
  addCapacityPct?: Record<WorkUnitId, number>;
  /** Operator-forced split of the moved traffic. */
  forcedSplit?: Record<WorkUnitId, number>;
}

export interface WhatIfInput {
  fleet: FleetModel;
  /** The evaluated moment (echoed back; the loads below are already for it). */
  atMs: number;
  /** Loads at the evaluated moment, before the change. */
  regionLoad: Record<ClientRegionId, Record<WorkUnitId, number>>;
  unitPeakLoad: Record<WorkUnitId, number>;
  safeCapacity: Record<WorkUnitId, number>;
  excluded?: Record<WorkUnitId, string>;
  /** Degraded units, used only for what the clean targets cannot take. */
  lastResort?: Record<WorkUnitId, string>;
  /** The fleet model: when given, the plan is replayed (and re-planned) before it is returned. */
  models?: Record<WorkUnitId, UnitModel | undefined>;
  change: WhatIfChange;
}

export interface WhatIfUnit {
  id: WorkUnitId;
  peakLoad: number;
  safeCapacity: number;
  headroomAtPeak: number;
}

export type { WhatIfViolationKind } from './vocabulary.js';

export interface WhatIfViolation {
  workUnit: WorkUnitId;
  kind: WhatIfViolationKind;
  detail: string;
}

export interface WhatIfResult {
  feasible: boolean;
  atMs: number;
  /** Every unit still in the fleet after the change and the plan. */
  workUnits: WhatIfUnit[];
  violations: WhatIfViolation[];
  plan: Plan | null;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const rps = (x: number) => `${Math.round(x)} rps`;

export function simulateWhatIf(input: WhatIfInput): WhatIfResult {
  const { fleet, change } = input;
  const known = fleet.workUnits.map((u) => u.id);
  const growth = 1 + (change.growPct ?? 0) / 100;
  if (!Number.isFinite(growth) || growth < 0) {
    throw new HeadroomError('INPUT_INVALID', `growPct must be a number ≥ −100, not ${change.growPct}`);
  }
  const decommissioned = new Set(change.decommission ?? []);
  const drain = [...new Set([...(change.shed ?? []), ...decommissioned])];
  for (const id of [...drain, ...Object.keys(change.addCapacityPct ?? {})]) {
    if (!known.includes(id)) throw unknownWorkUnit(id, known);
  }
  if (change.forcedSplit && drain.length === 0) {
    throw new HeadroomError('INPUT_INVALID', 'a forced split needs at least one unit to shed or decommission');
  }

  const regionLoad: WhatIfInput['regionLoad'] = {};
  for (const [region, row] of Object.entries(input.regionLoad)) {
    regionLoad[region] = Object.fromEntries(Object.entries(row).map(([u, load]) => [u, load * growth]));
  }
  const unitPeakLoad: Record<WorkUnitId, number> = {};
  const safeCapacity: Record<WorkUnitId, number> = {};
  for (const id of known) {
    const peak = input.unitPeakLoad[id];
    if (peak !== undefined) unitPeakLoad[id] = peak * growth;
    const added = change.addCapacityPct?.[id] ?? 0;
    if (!Number.isFinite(added) || added <= -100) {
      throw new HeadroomError('INPUT_INVALID', `addCapacityPct of ${id} must be a number > −100, not ${added}`);
    }
    const safe = input.safeCapacity[id];
    if (safe !== undefined) safeCapacity[id] = safe * (1 + added / 100);
  }

  const planInput = {
    fleet,
    drain,
    regionLoad,
    unitPeakLoad,
    safeCapacity,
    ...(input.excluded ? { excluded: input.excluded } : {}),
    ...(input.lastResort ? { lastResort: input.lastResort } : {}),
    ...(change.forcedSplit ? { forcedSplit: change.forcedSplit } : {}),
  };
  const models = input.models ? withAddedCapacity(input.models, change.addCapacityPct) : undefined;
  const plan = drain.length === 0 ? null : models ? planWithReplay({ ...planInput, models }) : planFailover(planInput);

  const received = new Map((plan?.targets ?? []).map((t) => [t.workUnit, t.load]));
  const workUnits: WhatIfUnit[] = [];
  const violations: WhatIfViolation[] = [];
  const { reserveAfterFailover: reserve } = fleet.thresholds;
  for (const unit of fleet.workUnits) {
    if (decommissioned.has(unit.id)) continue;
    const drained = drain.includes(unit.id);
    const moved = received.get(unit.id) ?? 0;
    const peakLoad = drained ? 0 : (unitPeakLoad[unit.id] ?? 0) + moved;
    const safe = safeCapacity[unit.id] ?? Number.NaN;
    const headroomAtPeak = safe > 0 ? (safe - peakLoad) / safe : Number.NaN;
    workUnits.push({ id: unit.id, peakLoad, safeCapacity: safe, headroomAtPeak });
    if (safe > 0 && peakLoad > safe) {
      violations.push({
        workUnit: unit.id,
        kind: 'over-safe-capacity',
        detail: `${unit.id}: peak ${rps(peakLoad)} is over its safe capacity of ${rps(safe)} (headroom ${pct(headroomAtPeak)})`,
      });
    } else if (moved > 0 && peakLoad > safe * (1 - reserve) * (1 + 1e-9)) {
      violations.push({
        workUnit: unit.id,
        kind: 'over-reserve',
        detail: `${unit.id}: receives ${rps(moved)} and ends at ${pct(1 - headroomAtPeak)} of safe capacity, inside the ${pct(reserve)} reserve`,
      });
    }
  }
  if (plan && plan.shedRequired > 0) {
    violations.push({
      workUnit: drain[0]!,
      kind: 'shed-required',
      detail: `${rps(plan.shedRequired)} of the ${rps(plan.movedLoad)} moved from ${drain.join(', ')} cannot be placed within safe capacity, the reserve and the herd allowance`,
    });
  }
  for (const o of plan?.replay?.targets ?? []) {
    if (o.distress) {
      violations.push({
        workUnit: o.workUnit,
        kind: 'replay-distress',
        detail: `${o.workUnit}: the replay predicts distress at the peak (${o.reasons.join(', ')})`,
      });
    }
  }
  const planOk = plan === null || plan.feasible;
  return { feasible: planOk && violations.length === 0, atMs: input.atMs, workUnits, violations, plan };
}

/** Added capacity raises what each unit keeps of its learned capacity in the model too. */
function withAddedCapacity(
  models: Record<WorkUnitId, UnitModel | undefined>,
  added: Record<WorkUnitId, number> | undefined,
): Record<WorkUnitId, UnitModel | undefined> {
  if (!added) return models;
  return Object.fromEntries(
    Object.entries(models).map(([id, m]) => [id, m && { ...m, kept: m.kept * (1 + (added[id] ?? 0) / 100) }]),
  );
}
