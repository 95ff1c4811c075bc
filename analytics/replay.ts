// Every plan is replayed before it is posted: the moved load is applied to a model of each target
// (its learned load → utilisation line, scaled by the capacity it has now, and its learned
// load → latency/error response) at the forecast peak of the next hour(s), with the thundering-herd
// spike of the largest step. The predicted outcome per target says whether following the plan
// would cause a second incident.
import type { Plan } from './planner/types.js';
import type { CapacityBaseline, FleetModel, Resource, Thresholds, UnitResponseFit, WorkUnitId } from './types.js';
import { errorRateAt, latencyAt, maxPressureWithin } from './unit-response.js';

/** What the replay knows of one unit. */
export interface UnitModel {
  bindingResource: Resource;
  /** Binding utilisation at full capacity: intercept + slope × load. */
  intercept: number;
  slope: number;
  /** Fraction of the learned capacity kept now (capacity-now). */
  kept: number;
  response?: UnitResponseFit;
}

export interface TargetOutcome {
  workUnit: WorkUnitId;
  /** Load (rps) in the replay: forecast peak + moved load + the herd spike of the largest step. */
  load: number;
  herdLoad: number;
  /** Predicted utilisation of the binding resource (above 1 = past its limit). */
  peakUtilisation: number;
  bindingResource: Resource | 'unknown';
  p95Ms: number;
  errorRate: number;
  distress: boolean;
  /** Why the target is in distress, per threshold crossed. */
  reasons: string[];
  /** False when no learned model exists: judged from safe capacity alone, no p95 or errors. */
  modelled: boolean;
}

export interface PlanReplay {
  targets: TargetOutcome[];
  distressed: WorkUnitId[];
  /** Rounds of re-planning the replay asked for (0: the first plan was fine). */
  rounds: number;
  notes: string[];
}

/** The replay's model of a unit from its baseline and its capacity now; undefined without a fit. */
export function unitModelOf(baseline: CapacityBaseline, kept: number): UnitModel | undefined {
  const fit = baseline.utilisationFit[baseline.bindingResource];
  if (!fit || !(fit.slope > 0)) return undefined;
  const model: UnitModel = {
    bindingResource: baseline.bindingResource,
    intercept: fit.intercept,
    slope: fit.slope,
    kept: kept > 0 ? kept : 1,
  };
  if (baseline.response) model.response = baseline.response;
  return model;
}

export interface ReplayInput {
  fleet: FleetModel;
  plan: Plan;
  models: Record<WorkUnitId, UnitModel | undefined>;
  /** Forecast peak (rps) of every unit over the horizon, before the move. */
  unitPeakLoad: Record<WorkUnitId, number>;
  /** Used when a unit has no model. */
  safeCapacity: Record<WorkUnitId, number>;
}

export function replayPlan({ fleet, plan, models, unitPeakLoad, safeCapacity }: ReplayInput): PlanReplay {
  const t = fleet.thresholds;
  const steps = Math.max(1, plan.stages.length);
  const targets = plan.targets.map((target): TargetOutcome => {
    const unit = fleet.workUnits.find((u) => u.id === target.workUnit);
    const herd = unit?.state === 'cold-standby' ? t.herdFactorCold : t.herdFactorWarm;
    const herdLoad = herd * (target.load / steps);
    const load = (unitPeakLoad[target.workUnit] ?? 0) + target.load + herdLoad;
    return outcomeOf(target.workUnit, load, herdLoad, models[target.workUnit], safeCapacity[target.workUnit], t);
  });
  return {
    targets,
    distressed: targets.filter((o) => o.distress).map((o) => o.workUnit),
    rounds: 0,
    notes: [],
  };
}

function outcomeOf(
  workUnit: WorkUnitId,
  load: number,
  herdLoad: number,
  model: UnitModel | undefined,
  safe: number | undefined,
  t: Thresholds,
): TargetOutcome {
  if (!model) {
    // no learned line: the safe capacity is safeLoadFactor of the load seen healthy
    const u = safe && safe > 0 ? (load * t.safeLoadFactor) / safe : Number.POSITIVE_INFINITY;
    const distress = u >= t.utilisationFiring;
    return {
      workUnit,
      load,
      herdLoad,
      peakUtilisation: u,
      bindingResource: 'unknown',
      p95Ms: Number.NaN,
      errorRate: Number.NaN,
      distress,
      reasons: distress ? [`load reaches ${pct(u)} of the healthy limit (no learned model)`] : [],
      modelled: false,
    };
  }
  const pressure = (model.intercept + model.slope * load) / model.kept;
  const p95 = model.response ? latencyAt(model.response, pressure) : Number.NaN;
  const errors = model.response ? errorRateAt(model.response, pressure) : Number.NaN;
  const reasons: string[] = [];
  if (pressure >= t.utilisationFiring)
    reasons.push(`${model.bindingResource} at ${pct(pressure)} ≥ ${pct(t.utilisationFiring)}`);
  if (p95 >= t.latencyP95FiringMs) reasons.push(`p95 ${Math.round(p95)} ms ≥ ${t.latencyP95FiringMs} ms`);
  if (errors >= t.errorRateFiring)
    reasons.push(`error rate ${(100 * errors).toFixed(1)} % ≥ ${(100 * t.errorRateFiring).toFixed(1)} %`);
  return {
    workUnit,
    load,
    herdLoad,
    peakUtilisation: pressure,
    bindingResource: model.bindingResource,
    p95Ms: p95,
    errorRate: errors,
    distress: reasons.length > 0,
    reasons,
    modelled: true,
  };
}

/** Margin kept below each distress threshold when a target's load is capped after a replay. */
const CAP_MARGIN = 0.97;

/**
 * The most moved load a target can take without the replay predicting distress (with the herd of a
 * plan in `steps` steps); undefined without a model.
 */
export function maxMovedWithoutDistress(
  model: UnitModel | undefined,
  peak: number,
  herdFactor: number,
  steps: number,
  t: Thresholds,
): number | undefined {
  if (!model) return undefined;
  const byResponse = model.response
    ? maxPressureWithin(model.response, t.latencyP95FiringMs, t.errorRateFiring)
    : Number.POSITIVE_INFINITY;
  const maxPressure = CAP_MARGIN * Math.min(t.utilisationFiring, byResponse);
  const maxLoad = (maxPressure * model.kept - model.intercept) / model.slope;
  return Math.max(0, (maxLoad - peak) / (1 + herdFactor / Math.max(1, steps)));
}

function pct(x: number): string {
  return `${Math.round(100 * x)} %`;
}
