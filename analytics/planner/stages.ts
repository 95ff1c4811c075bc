// Staging: a cold target, or one asked to take much more than it already carries, gets the load
// in equal steps so the reconnect spike of each step stays small.
import type { Thresholds, WorkUnitId } from '../types.js';
import type { PlanStage } from './types.js';
import { listOf, percent, rps } from './wording.js';

/** Beyond this many steps the shift takes hours; a note says the per-step rule could not be met. */
export const MAX_STAGES = 12;
export const MIN_COLD_STAGES = 3;

export interface StagedTarget {
  workUnit: WorkUnitId;
  load: number;
  /** Forecast peak of the target before the move. */
  peak: number;
  cold: boolean;
}

export interface Staging {
  stages: PlanStage[];
  notes: string[];
}

/** Steps a target needs so that none moves more than maxShare × its current peak. */
export function stagesNeeded(t: StagedTarget, maxShare: number): number {
  const limit = maxShare * t.peak;
  const bySize = t.load <= limit ? 1 : limit > 0 ? Math.ceil(t.load / limit - 1e-9) : Number.POSITIVE_INFINITY;
  // A cold standby carries ~nothing, so "a share of its current load" means nothing there; its room
  // already includes the cold reconnect allowance, and three steps spread the spike.
  if (t.cold) return MIN_COLD_STAGES;
  return bySize;
}

export function planStages(targets: StagedTarget[], thresholds: Thresholds, minStages = 1): Staging {
  const moving = targets.filter((t) => t.load > 0);
  if (moving.length === 0) return { stages: [], notes: [] };
  const { stageMaxShareOfTarget: maxShare, stageIntervalMinutes: interval } = thresholds;
  const wanted = Math.max(...moving.map((t) => stagesNeeded(t, maxShare)));
  // the replay may ask for smaller steps than the size rule (a smaller reconnect spike per step)
  const count = Math.min(MAX_STAGES, Math.max(wanted, minStages));
  const notes: string[] = [];
  if (wanted > count) {
    const over = moving.filter((t) => stagesNeeded(t, maxShare) > count).map((t) => t.workUnit);
    notes.push(
      `${listOf(over)} would need more than ${MAX_STAGES} stages to keep each step within ${percent(maxShare)} of current load; ` +
        `${MAX_STAGES} stages are planned, so each step is larger`,
    );
  }
  const total = moving.reduce((s, t) => s + t.load, 0);
  const stages: PlanStage[] = [];
  for (let step = 1; step <= count; step++) {
    const fraction = step / count;
    const moves = moving.map((t) => ({ workUnit: t.workUnit, load: t.load * fraction }));
    const atOffsetMinutes = (step - 1) * interval;
    const where = listOf(moves.map((m) => `${rps(m.load)} to ${m.workUnit}`));
    const description =
      count === 1
        ? `Move all ${rps(total)} at once: ${where}.`
        : `Stage ${step} at +${atOffsetMinutes} min: move ${percent(fraction)} of the planned load (cumulative): ${where}.`;
    stages.push({ step, atOffsetMinutes, cumulativeFraction: fraction, moves, description });
  }
  return { stages, notes };
}
