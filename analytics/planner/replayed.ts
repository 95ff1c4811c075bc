// Plan, replay, and re-plan until the replay predicts no distress: a target the model says would
// be driven past a threshold gets a cap on what it may receive (so the rest goes to other targets
// or, when nobody can take it, is reported as load to shed), and the plan is solved again.
import { maxMovedWithoutDistress, replayPlan, type UnitModel } from '../replay.js';
import type { WorkUnitId } from '../types.js';
import { planFailover } from './plan.js';
import type { Plan, PlanInput } from './types.js';
import { rps } from './wording.js';

/** Each round caps at least one more target; a fleet of n targets needs at most n rounds. */
const MAX_ROUNDS = 8;

export interface ReplayedPlanInput extends PlanInput {
  models: Record<WorkUnitId, UnitModel | undefined>;
}

export function planWithReplay(input: ReplayedPlanInput): Plan {
  const { models, ...planInput } = input;
  const caps: NonNullable<PlanInput['maxMovedLoad']> = { ...(planInput.maxMovedLoad ?? {}) };
  const capped: string[] = [];
  let plan = planFailover(planInput);
  let replay = replayPlan({
    fleet: input.fleet,
    plan,
    models,
    unitPeakLoad: input.unitPeakLoad,
    safeCapacity: input.safeCapacity,
  });
  let rounds = 0;
  while (replay.distressed.length > 0 && rounds < MAX_ROUNDS && !input.forcedSplit) {
    rounds++;
    const steps = Math.max(1, plan.stages.length);
    for (const outcome of replay.targets.filter((o) => o.distress)) {
      const id = outcome.workUnit;
      const unit = input.fleet.workUnits.find((u) => u.id === id);
      const herd =
        unit?.state === 'cold-standby' ? input.fleet.thresholds.herdFactorCold : input.fleet.thresholds.herdFactorWarm;
      const given = plan.targets.find((t) => t.workUnit === id)?.load ?? 0;
      const limit = maxMovedWithoutDistress(
        models[id],
        input.unitPeakLoad[id] ?? 0,
        herd,
        steps,
        input.fleet.thresholds,
      );
      // without a model, halve what it was given; a cap never grows
      const load = Math.min(limit ?? given / 2, 0.9 * given, caps[id]?.load ?? Number.POSITIVE_INFINITY);
      caps[id] = {
        load,
        reason: `the replay predicts distress with ${rps(given)} moved (${outcome.reasons.join(', ')}); it may take at most ${rps(load)}`,
      };
      if (!capped.includes(id)) capped.push(id);
    }
    plan = planFailover({ ...planInput, maxMovedLoad: caps });
    replay = replayPlan({
      fleet: input.fleet,
      plan,
      models,
      unitPeakLoad: input.unitPeakLoad,
      safeCapacity: input.safeCapacity,
    });
  }
  replay.rounds = rounds;
  if (capped.length > 0) {
    replay.notes.push(
      `the first plan would have driven ${capped.join(', ')} into distress in the replay; ${capped.length === 1 ? 'its' : 'their'} share was capped and the plan solved again`,
    );
  }
  if (replay.distressed.length > 0) {
    replay.notes.push(
      input.forcedSplit
        ? `the forced split drives ${replay.distressed.join(', ')} into distress in the replay: do not follow it as given`
        : `the replay still predicts distress in ${replay.distressed.join(', ')}: shed load instead of moving it there`,
    );
  }
  if (plan.shedRequired > 0 && capped.length > 0) {
    replay.notes.push(`shed ${rps(plan.shedRequired)} rather than move it: no target can take it without distress`);
  }
  return { ...plan, feasible: plan.feasible && replay.distressed.length === 0, replay };
}
