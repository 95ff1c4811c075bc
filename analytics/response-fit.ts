// What a baseline learns beyond the saturation point: how tightly each resource follows its line
// (the spread capacity-now compares against) and the unit's load→latency/error response.
import { binnedFit, type LinearFit, medianOf, robustSpread } from './baseline-fit.js';
import type { Series, UnitResponseFit } from './types.js';
import { queueing } from './unit-response.js';

/** Robust spread of utilisation around a fit over the given samples (NaN samples skipped). */
export function fitSpread(order: Int32Array, fit: LinearFit, load: Series, util: Series): number {
  const residuals: number[] = [];
  for (const i of order) {
    const u = util.values[i] as number;
    if (!Number.isNaN(u)) residuals.push(u - (fit.intercept + fit.slope * (load.values[i] as number)));
  }
  return residuals.length > 0 ? robustSpread(Float64Array.from(residuals)) : Number.NaN;
}

/**
 * Latency p95 = base × (1 + gain × queueing(pressure)) with the pressure from the binding resource's
 * fit at each sample's load, fitted robustly over healthy samples (sorted by load in `order`); the
 * error rate's base is the healthy median. Undefined when history is too thin for a curve.
 */
export function responseFit(
  order: Int32Array,
  binding: LinearFit,
  load: Series,
  latencyP95: Series,
  errorRate: Series,
): UnitResponseFit | undefined {
  const present = order.filter(
    (i) => !Number.isNaN(latencyP95.values[i] as number) && !Number.isNaN(errorRate.values[i] as number),
  );
  if (present.length < 12) return undefined;
  const q = new Float64Array(load.values.length);
  for (const i of present) q[i] = queueing(binding.intercept + binding.slope * (load.values[i] as number));
  const fit = binnedFit(present, q, latencyP95.values);
  if (!fit || !(fit.intercept > 0)) return undefined;
  const gain = Math.max(0, fit.slope / fit.intercept);
  const relative = Float64Array.from(
    present,
    (i) => (latencyP95.values[i] as number) / (fit.intercept * (1 + gain * (q[i] as number))) - 1,
  );
  const errors = Float64Array.from(present, (i) => errorRate.values[i] as number);
  const errorBase = medianOf(Float64Array.from(errors));
  return {
    latencyBaseMs: fit.intercept,
    latencyQueueGain: gain,
    latencySpread: robustSpread(relative),
    errorBase,
    errorSpread: robustSpread(Float64Array.from(errors, (e) => e - errorBase)),
  };
}
