// Robust seasonal cleaning before any model is fitted: a one-off spike (or a labelled incident) in
// history must not come back every week in a seasonal-naive forecast, nor widen every interval.
// Decomposition: trend = centred rolling median over one short season; season = median of the
// detrended values at each phase of the longest season seen three times; the rest is the residual.
// Residuals beyond `threshold` robust σ (1.4826 · MAD) are replaced by trend + season.

export interface CleanOptions {
  /** Seasonal periods in samples, shortest first. */
  seasons: number[];
  /** Residuals beyond this many robust σ are outliers (default 5). */
  threshold?: number;
  /** Sample ranges [from, to) to replace whatever they hold (labelled incidents). */
  exclude?: readonly { from: number; to: number }[];
}

export interface Cleaned {
  values: Float64Array;
  /** Indices of the samples replaced. */
  replaced: number[];
}

export function replaceOutliers(y: Float64Array, opts: CleanOptions): Cleaned {
  const n = y.length;
  const short = opts.seasons[0] ?? 24;
  const half = Math.floor(short / 2);
  if (n < 2 * short) return { values: Float64Array.from(y), replaced: [] };
  const trend = rollingMedian(y, short);
  const period = [...opts.seasons].reverse().find((s) => n >= 3 * s) ?? short;
  const excluded = new Uint8Array(n);
  for (const r of opts.exclude ?? []) for (let i = Math.max(0, r.from); i < Math.min(n, r.to); i++) excluded[i] = 1;
  const byPhase: number[][] = Array.from({ length: period }, () => []);
  for (let i = 0; i < n; i++) if (!excluded[i]) byPhase[i % period]?.push((y[i] as number) - (trend[i] as number));
  const season = byPhase.map((xs) => (xs.length > 0 ? medianOf(xs) : 0));
  const fitted = new Float64Array(n);
  const residual: number[] = [];
  for (let i = 0; i < n; i++) {
    fitted[i] = (trend[i] as number) + (season[i % period] as number);
    if (!excluded[i]) residual.push((y[i] as number) - (fitted[i] as number));
  }
  const centre = medianOf(residual);
  const sigma = 1.4826 * medianOf(residual.map((r) => Math.abs(r - centre)));
  const scale = meanAbs(y);
  // A floor on σ: on a near-perfect series the MAD is ~0 and every wiggle would be "an outlier".
  const limit = (opts.threshold ?? 5) * Math.max(sigma, 0.01 * scale, 1e-12);
  const nonNegative = y.every((v) => v >= 0);
  const values = Float64Array.from(y);
  const replaced: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = (y[i] as number) - (fitted[i] as number) - centre;
    // The fixed-width window stops moving near the end, so a trend there shows up as residual:
    // the last half-window needs twice the evidence.
    const edge = i >= n - half ? 2 : 1;
    if (excluded[i] || Math.abs(r) > limit * edge) {
      const v = fitted[i] as number;
      values[i] = nonNegative ? Math.max(0, v) : v;
      replaced.push(i);
    }
  }
  return { values, replaced };
}

/**
 * Centred rolling median over `width` samples. Near the ends the window keeps its width and stops
 * moving: a half-day window at the end of an hourly series would hold only evenings or mornings.
 */
export function rollingMedian(y: ArrayLike<number>, width: number): Float64Array {
  const n = y.length;
  const half = Math.floor(width / 2);
  const out = new Float64Array(n);
  const window: number[] = [];
  // Keep a sorted window and slide it: O(n · width) without re-sorting.
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, Math.min(i - half, n - width));
    const to = Math.min(n - 1, from + width - 1);
    while (hi < to) insertSorted(window, y[++hi] as number);
    while (lo < from) removeSorted(window, y[lo++] as number);
    const m = window.length;
    out[i] =
      m % 2 === 1 ? (window[(m - 1) / 2] as number) : ((window[m / 2 - 1] as number) + (window[m / 2] as number)) / 2;
  }
  return out;
}

function insertSorted(xs: number[], v: number): void {
  let a = 0;
  let b = xs.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((xs[mid] as number) < v) a = mid + 1;
    else b = mid;
  }
  xs.splice(a, 0, v);
}

function removeSorted(xs: number[], v: number): void {
  let a = 0;
  let b = xs.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((xs[mid] as number) < v) a = mid + 1;
    else b = mid;
  }
  xs.splice(a, 1);
}

function medianOf(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length;
  return m % 2 === 1 ? (s[(m - 1) / 2] as number) : ((s[m / 2 - 1] as number) + (s[m / 2] as number)) / 2;
}

function meanAbs(y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] as number);
  return y.length > 0 ? s / y.length : 0;
}
