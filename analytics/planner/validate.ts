import { HeadroomError, unknownWorkUnit } from '../errors.js';
import type { WorkUnitId } from '../types.js';
import type { PlanInput } from './types.js';

/** Shares written to three or four decimals (thirds as 0.333) still sum to 1; the planner rescales them. */
const SHARE_TOLERANCE = 0.0015;

/** Throws HeadroomError for input the planner cannot use; returns the drained set. */
export function validatePlanInput(input: PlanInput): Set<WorkUnitId> {
  const known = input.fleet.workUnits.map((u) => u.id);
  const knownSet = new Set(known);
  for (const id of input.drain) if (!knownSet.has(id)) throw unknownWorkUnit(id, known);
  const drained = new Set(input.drain);

  for (const [region, row] of Object.entries(input.regionLoad)) {
    for (const [unit, load] of Object.entries(row)) {
      if (!Number.isFinite(load) || load < 0) {
        throw new HeadroomError(
          'INPUT_INVALID',
          `load of ${region} on ${unit} must be a finite number ≥ 0, not ${load}`,
          {
            clientRegion: region,
            workUnit: unit,
          },
        );
      }
    }
  }
  if (input.forcedSplit) validateForcedSplit(input.forcedSplit, knownSet, drained);
  return drained;
}

function validateForcedSplit(split: Record<WorkUnitId, number>, known: Set<WorkUnitId>, drained: Set<WorkUnitId>) {
  const entries = Object.entries(split);
  if (entries.length === 0) throw new HeadroomError('INPUT_INVALID', 'forced split is empty');
  for (const [unit, share] of entries) {
    if (!known.has(unit)) {
      throw new HeadroomError('INPUT_INVALID', `forced split names unknown work unit "${unit}"`, {
        workUnit: unit,
        known: [...known],
      });
    }
    if (drained.has(unit)) {
      throw new HeadroomError('INPUT_INVALID', `forced split sends traffic to ${unit}, which is being drained`, {
        workUnit: unit,
      });
    }
    if (!Number.isFinite(share) || share < 0) {
      throw new HeadroomError('INPUT_INVALID', `forced split share of ${unit} must be ≥ 0, not ${share}`, {
        workUnit: unit,
      });
    }
  }
  const total = entries.reduce((s, [, share]) => s + share, 0);
  if (Math.abs(total - 1) > SHARE_TOLERANCE) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `forced split shares must sum to 1 (±${SHARE_TOLERANCE}), not ${Number(total.toFixed(6))}`,
      {
        total,
      },
    );
  }
}
