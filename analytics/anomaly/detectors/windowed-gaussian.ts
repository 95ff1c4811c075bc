import { HeadroomError } from '../../errors.js';
import { normalCdf } from '../robust-stats.js';
import type { StreamingDetector } from './types.js';

export interface WindowedGaussianOptions {
  /** Points in the window (NAB's tuned value: 6400). */
  windowSize?: number;
  /** Once full, the window slides by this many points at a time (NAB: 100). */
  stepSize?: number;
}

/**
 * NAB's "windowed Gaussian" baseline, re-implemented from its description: the score of a point is
 * Φ(|z|), z against the mean and σ of a window of previous points; once full, the window slides in
 * steps. The reference the seasonal detector has to beat.
 */
export function createWindowedGaussian(opts: WindowedGaussianOptions = {}): StreamingDetector {
  const windowSize = opts.windowSize ?? 6400;
  const stepSize = opts.stepSize ?? 100;
  if (!(Number.isInteger(windowSize) && windowSize > 0 && Number.isInteger(stepSize) && stepSize > 0)) {
    throw new HeadroomError('INPUT_INVALID', `windowSize and stepSize must be positive integers`, { ...opts });
  }
  let window: number[] = [];
  let pending: number[] = [];
  let mean = 0;
  let sigma = 1;
  const refresh = () => {
    let sum = 0;
    for (const v of window) sum += v;
    mean = sum / window.length;
    let sq = 0;
    for (const v of window) sq += (v - mean) * (v - mean);
    sigma = Math.sqrt(sq / window.length) || 1e-6; // a flat window must not divide by zero
  };
  return {
    name: 'windowed-gaussian',
    next(_atMs, value) {
      if (!Number.isFinite(value)) return 0;
      const score = window.length > 0 ? normalCdf(Math.abs(value - mean) / sigma) : 0;
      if (window.length < windowSize) {
        window.push(value);
        refresh();
      } else {
        pending.push(value);
        if (pending.length === stepSize) {
          window = window.slice(stepSize).concat(pending);
          pending = [];
          refresh();
        }
      }
      return score;
    },
  };
}
