import { PERIODIC_SLOT_MS } from './baseline-fit.js';
import type { CapacityBaseline, Resource } from './types.js';
import { RESOURCES } from './types.js';

const DAY_MS = 86_400_000;
const SLOTS = DAY_MS / PERIODIC_SLOT_MS;
/** Below this share of the highest healthy load the learned fit (upper half of the load range) is not used. */
const MIN_LOAD_SHARE = 0.3;
/** Utilisation this much above what the learned fit expects at the current load counts as capacity lost. */
const TOLERANCE = 0.2;
/** …and by at least this much in absolute terms (noise on a lightly used resource is no loss). */
const MIN_EXCESS = 0.05;
/** Never claim more than this much of the capacity is gone (the unit would be saturated anyway). */
const MIN_KEPT = 0.05;

export interface CapacityNow {
  /** Safe capacity now: the learned one, scaled down by what the unit has lost. */
  safeCapacity: number;
  /** Fraction of the learned capacity still there (1 = none lost, or not judged). */
  kept: number;
  /** The resource whose excess utilisation sets the loss, when there is one. */
  resource?: Resource;
  detail?: string;
}

/**
 * Capacity now, from the newest utilisation samples against what history taught: a resource
 * running hotter than its learned fit predicts at this load (lost nodes, a noisy neighbour, a
 * batch job) leaves less room than the baseline says. With each resource's loss taken as the ratio
 * expected / observed, its capacity now is saturation × that ratio; the unit keeps the smallest of
 * them relative to the learned binding resource. Capacity is never raised above the baseline, and
 * a resource is not judged in the 15-minute slots its learned periodic work runs (history says that is normal).
 */
export function capacityNow(
  baseline: CapacityBaseline,
  atMs: number,
  load: number,
  utilisation: Partial<Record<Resource, number>>,
): CapacityNow {
  const slot = Math.floor((((atMs % DAY_MS) + DAY_MS) % DAY_MS) / PERIODIC_SLOT_MS);
  const learned = { safeCapacity: baseline.safeCapacity, kept: 1 };
  if (!(load > 0) || load < MIN_LOAD_SHARE * baseline.maxHealthyLoad) return learned;
  const bindingSaturation = baseline.saturationByResource[baseline.bindingResource];
  if (!(bindingSaturation > 0) || !Number.isFinite(bindingSaturation)) return learned;
  let kept = 1;
  let worst: { resource: Resource; expected: number; observed: number } | undefined;
  for (const r of RESOURCES) {
    const fit = baseline.utilisationFit[r];
    const observed = utilisation[r];
    if (!fit || !(fit.slope > 0) || observed === undefined || !Number.isFinite(observed)) continue;
    // the hours of learned periodic work (a nightly backup) run hot by habit: normal, not lost capacity
    // (and the slots next to it: a backup starts and ends a little off the grid)
    if ([slot - 1, slot, slot + 1].some((x) => fit.periodicSlots.includes((x + SLOTS) % SLOTS))) continue;
    const expected = fit.intercept + fit.slope * load;
    if (!(expected > 0) || observed <= expected * (1 + TOLERANCE) || observed - expected < MIN_EXCESS) continue;
    const saturationNow = baseline.saturationByResource[r] * (expected / observed);
    const ratio = Math.min(1, saturationNow / bindingSaturation);
    if (ratio < kept) {
      kept = ratio;
      worst = { resource: r, expected, observed };
    }
  }
  if (!worst) return learned;
  kept = Math.max(MIN_KEPT, kept);
  return {
    safeCapacity: baseline.safeCapacity * kept,
    kept,
    resource: worst.resource,
    detail:
      `${worst.resource} at ${pct(worst.observed)} where ${pct(worst.expected)} is expected at this load: ` +
      `about ${pct(1 - kept)} of capacity lost`,
  };
}

function pct(x: number): string {
  return `${Math.round(100 * x)} %`;
}
