import { HeadroomError } from '../../errors.js';

export interface PatternMemoryOptions {
  /** Values per pattern: the last `window` points are compared with earlier stretches (default 12). */
  window?: number;
  /** Earlier patterns remembered (default 6,000; older ones are forgotten). */
  memory?: number;
}

/**
 * A short-pattern memory, the residual of a model that learns what the series does rather than what
 * its hour of the day should be (the idea behind HTM's prediction error and ARTime's resonance, in
 * its simplest form: nearest-neighbour recall). Each point's reading is how far the last `window`
 * values are from the closest earlier stretch of the same length that does not overlap them: the
 * root-mean-square difference in units of the series' σ so far. A shape seen before reads near 0
 * whatever the hour; a spike, a new level or an unseen rhythm reads high until it has been seen.
 * Streaming: each reading uses only earlier points. Non-finite values are skipped (reading 0);
 * 0 too while fewer than 2·window + 1 points were seen, and while the series has been constant.
 */
export function createPatternMemory(opts: PatternMemoryOptions = {}) {
  const w = opts.window ?? 12;
  const memory = opts.memory ?? 6000;
  if (!(Number.isInteger(w) && w >= 1 && Number.isInteger(memory) && memory >= 1)) {
    throw new HeadroomError('INPUT_INVALID', 'pattern memory: window and memory must be positive integers', {
      window: w,
      memory,
    });
  }
  // Ring of the last `size` values: the current pattern, the w values it must not overlap, and memory.
  const size = memory + 2 * w;
  const ring = new Float64Array(size);
  let seen = 0;
  let mean = 0;
  let m2 = 0;
  const at = (back: number) => ring[(((seen - 1 - back) % size) + size) % size] as number;
  return {
    next(value: number): number {
      if (!Number.isFinite(value)) return 0;
      ring[seen % size] = value;
      seen++;
      const d = value - mean;
      mean += d / seen;
      m2 += d * (value - mean);
      const sigma = seen > 1 ? Math.sqrt(m2 / (seen - 1)) : 0;
      if (seen < 2 * w + 1 || !(sigma > 1e-12 * Math.max(1, Math.abs(mean)))) return 0;
      // Candidates end `w` to `w + memory − 1` points back, as far as the history reaches.
      const oldest = Math.min(w + memory - 1, seen - w);
      let best = Number.POSITIVE_INFINITY;
      for (let lag = w; lag <= oldest; lag++) {
        let acc = 0;
        for (let j = 0; j < w && acc < best; j++) {
          const e = at(j) - at(lag + j);
          acc += e * e;
        }
        if (acc < best) best = acc;
      }
      return Math.sqrt(best / w) / sigma;
    },
  };
}
