import type { Series } from './types.js';

/** Time of sample i. */
export function timeAt(series: Series, i: number): number {
  return series.startMs + i * series.stepMs;
}

/** Index of the sample at or before `ms` (may be negative or past the end). */
export function indexAt(series: Series, ms: number): number {
  return Math.floor((ms - series.startMs) / series.stepMs);
}

export function valueAt(series: Series, ms: number): number {
  const i = indexAt(series, ms);
  return i >= 0 && i < series.values.length ? (series.values[i] as number) : Number.NaN;
}

/** Elementwise a / b (NaN where either is missing). */
export function divideSeries(series: Series, divisor: number): Series {
  const values = new Float64Array(series.values.length);
  for (let i = 0; i < values.length; i++) values[i] = (series.values[i] as number) / divisor;
  return { ...series, values };
}

/** Down-samples to a coarser step with the given reducer over the present samples of each bucket. */
export function resample(series: Series, stepMs: number, reduce: 'mean' | 'max' | 'sum'): Series {
  const startMs = Math.floor(series.startMs / stepMs) * stepMs;
  const endMs = timeAt(series, series.values.length - 1);
  const n = Math.floor((endMs - startMs) / stepMs) + 1;
  const acc = new Float64Array(n).fill(reduce === 'max' ? Number.NEGATIVE_INFINITY : 0);
  const count = new Uint32Array(n);
  for (let i = 0; i < series.values.length; i++) {
    const v = series.values[i] as number;
    if (Number.isNaN(v)) continue;
    const b = Math.floor((timeAt(series, i) - startMs) / stepMs);
    acc[b] = reduce === 'max' ? Math.max(acc[b] as number, v) : (acc[b] as number) + v;
    count[b] = (count[b] as number) + 1;
  }
  const values = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    const c = count[b] as number;
    values[b] = c === 0 ? Number.NaN : reduce === 'mean' ? (acc[b] as number) / c : (acc[b] as number);
  }
  return { startMs, stepMs, values };
}

export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function median(values: number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}
