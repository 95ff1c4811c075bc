// The backtest: each scenario's decision, its plan's replayed outcome (what Headroom predicted) and
// the outcome under the scenario's truth (what following the plan would really do), with every
// disagreement with the expected decision listed.
import type { Plan } from '../planner/types.js';
import type { FleetModel, Verdict, WorkUnitId } from '../types.js';
import { decideSnapshot } from './decide.js';
import { type Scenario, snapshotOf, truthAt, truthModels } from './scenario.js';

export interface TargetResult {
  workUnit: WorkUnitId;
  load: number;
  lastResort: boolean;
  /** Predicted by the replay. */
  replayed: { peakUtilisation: number; p95Ms: number; errorRate: number; distress: boolean } | null;
  /** Under the scenario's truth: peak + moved + herd of the largest step. */
  actual: { peakUtilisation: number; p95Ms: number; errorRate: number; distress: boolean };
}

export interface ScenarioResult {
  name: string;
  verdicts: Record<WorkUnitId, Verdict>;
  drained: WorkUnitId | null;
  plan: {
    feasible: boolean;
    movedLoad: number;
    shedRequired: number;
    targets: TargetResult[];
    replayRounds: number;
  } | null;
  /** A target the plan drives into distress under the truth: following it causes a second incident. */
  secondIncident: boolean;
  /** Every way the decision differs from the expected one (empty: agreed). */
  mismatches: string[];
}

export function runScenario(fleet: FleetModel, scenario: Scenario, atMs: number): ScenarioResult {
  const snapshot = snapshotOf(fleet, scenario, atMs);
  const decision = decideSnapshot(snapshot, scenario.planFor);
  const verdicts = Object.fromEntries(Object.entries(decision.verdicts).map(([id, v]) => [id, v.verdict]));
  const mismatches: string[] = [];
  for (const u of fleet.workUnits) {
    const want = scenario.expect.verdicts?.[u.id] ?? 'healthy';
    if (verdicts[u.id] !== want) mismatches.push(`verdict of ${u.id}: ${verdicts[u.id]}, expected ${want}`);
  }
  const [drained, plan] = Object.entries(decision.plans)[0] ?? [null, undefined];
  const truths = truthModels(fleet, scenario);
  const targets = plan ? targetResults(fleet, plan, truths, snapshot.unitPeakLoad) : [];
  const secondIncident = targets.some((t) => t.actual.distress);
  if (secondIncident) {
    const hit = targets.filter((t) => t.actual.distress).map((t) => t.workUnit);
    mismatches.push(`following the plan drives ${hit.join(', ')} into distress`);
  }
  const want = scenario.expect.plan;
  if (want && !plan) mismatches.push('expected a plan, none was made');
  if (!want && plan) mismatches.push(`expected no plan, one was made for ${drained}`);
  if (want && plan && drained) {
    const used = new Set(plan.targets.map((t) => t.workUnit));
    for (const id of want.notTargets ?? []) if (used.has(id)) mismatches.push(`${id} receives traffic`);
    for (const id of want.targetsInclude ?? []) if (!used.has(id)) mismatches.push(`${id} is not a target`);
    for (const t of plan.targets) {
      if (t.lastResort && !(want.lastResort ?? []).includes(t.workUnit)) {
        mismatches.push(`${t.workUnit} used as a last resort`);
      }
    }
    for (const id of want.lastResort ?? []) {
      if (!plan.targets.some((t) => t.workUnit === id && t.lastResort))
        mismatches.push(`${id} not used as a last resort`);
    }
    if (want.feasible !== undefined && plan.feasible !== want.feasible) {
      mismatches.push(
        `plan ${plan.feasible ? 'feasible' : 'not feasible'}, expected ${want.feasible ? 'feasible' : 'not'}`,
      );
    }
    if (want.movedAtLeast !== undefined) {
      const served = snapshot.unitPeakLoad[drained] ?? 0;
      if (plan.movedLoad < want.movedAtLeast * served) {
        mismatches.push(`moves ${Math.round(plan.movedLoad)} rps of the ${Math.round(served)} it serves at peak`);
      }
    }
  }
  return {
    name: scenario.name,
    verdicts,
    drained,
    plan: plan
      ? {
          feasible: plan.feasible,
          movedLoad: plan.movedLoad,
          shedRequired: plan.shedRequired,
          targets,
          replayRounds: plan.replay?.rounds ?? 0,
        }
      : null,
    secondIncident,
    mismatches,
  };
}

function targetResults(
  fleet: FleetModel,
  plan: Plan,
  truths: ReturnType<typeof truthModels>,
  peaks: Record<WorkUnitId, number>,
): TargetResult[] {
  const t = fleet.thresholds;
  const steps = Math.max(1, plan.stages.length);
  return plan.targets.map((target) => {
    const unit = fleet.workUnits.find((u) => u.id === target.workUnit);
    const herd = unit?.state === 'cold-standby' ? t.herdFactorCold : t.herdFactorWarm;
    const load = (peaks[target.workUnit] ?? 0) + target.load * (1 + herd / steps);
    const truth = truthAt(truths[target.workUnit]!, load);
    const replayed = plan.replay?.targets.find((o) => o.workUnit === target.workUnit);
    return {
      workUnit: target.workUnit,
      load: target.load,
      lastResort: target.lastResort !== undefined,
      replayed: replayed
        ? {
            peakUtilisation: replayed.peakUtilisation,
            p95Ms: replayed.p95Ms,
            errorRate: replayed.errorRate,
            distress: replayed.distress,
          }
        : null,
      actual: {
        peakUtilisation: truth.pressure,
        p95Ms: truth.p95Ms,
        errorRate: truth.errorRate,
        distress:
          truth.pressure >= t.utilisationFiring ||
          truth.p95Ms >= t.latencyP95FiringMs ||
          truth.errorRate >= t.errorRateFiring,
      },
    };
  });
}
