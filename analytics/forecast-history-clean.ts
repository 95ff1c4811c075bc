// History cleaning for labelled incidents, kept apart from the forecasting models: the samples of a
// labelled range (an incident, a holiday, a storm) are replaced by what the same phase of the
// season looked like in the nearest periods that hold no label, before any model sees the history.

import { HeadroomError } from './errors.js';

export interface LabelledRange {
  /** First sample of the range (inclusive). */
  from: number;
  /** Sample after the range (exclusive). */
  to: number;
}

export interface LabelledCleaning {
  values: Float64Array;
  /** Samples replaced. */
  replaced: number;
  /** Labelled samples left as they were: no clean sample at the same phase within `periods`. */
  kept: number;
}

/**
 * Replaces every sample inside a labelled range by the median of the samples at the same phase of
 * `period` (e.g. the same hour of the week) up to `periods` periods before and after it, counting
 * only samples outside every range. Ranges are clipped to the series; overlapping ranges are fine.
 * Unlike a rolling-median replacement, a whole day that was off (a holiday) is not replaced by its
 * own low level. Pure: the input is not changed.
 */
export function replaceLabelledRanges(
  values: ArrayLike<number>,
  ranges: readonly LabelledRange[],
  period: number,
  periods = 4,
): LabelledCleaning {
  if (!(Number.isInteger(period) && period >= 1 && Number.isInteger(periods) && periods >= 1)) {
    throw new HeadroomError('INPUT_INVALID', 'labelled cleaning: period and periods must be positive integers', {
      period,
      periods,
    });
  }
  const n = values.length;
  const labelled = new Uint8Array(n);
  for (const r of ranges) {
    if (!(Number.isFinite(r.from) && Number.isFinite(r.to))) {
      throw new HeadroomError('INPUT_INVALID', `labelled cleaning: range ${r.from}..${r.to} is not finite`);
    }
    for (let i = Math.max(0, Math.ceil(r.from)); i < Math.min(n, r.to); i++) labelled[i] = 1;
  }
  const out = Float64Array.from(values);
  let replaced = 0;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (!labelled[i]) continue;
    const same: number[] = [];
    for (let k = 1; k <= periods; k++) {
      for (const j of [i - k * period, i + k * period]) {
        const v = values[j] as number;
        if (j >= 0 && j < n && !labelled[j] && Number.isFinite(v)) same.push(v);
      }
    }
    if (same.length === 0) {
      kept++;
      continue;
    }
    same.sort((a, b) => a - b);
    const m = same.length;
    out[i] = m % 2 === 1 ? (same[(m - 1) / 2] as number) : ((same[m / 2 - 1] as number) + (same[m / 2] as number)) / 2;
    replaced++;
  }
  return { values: out, replaced, kept };
}
