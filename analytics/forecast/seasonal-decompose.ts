// A fast MSTL-like decomposition: each seasonal period in turn is estimated from the series minus
// the other seasonal components, twice over. For one period the trend is a local-linear box
// smoother spanning two cycles, and the seasonal value of each phase is a tricube-weighted mean of
// the detrended values at the same phase in neighbouring cycles (so the pattern may drift slowly),
// re-centred to sum to zero over each cycle.

export interface Decomposition {
  /** One component per period, same length as the series. */
  seasonal: Float64Array[];
  /** The series minus every seasonal component (trend + remainder). */
  adjusted: Float64Array;
}

export interface DecomposeOptions {
  /** Half-width of the seasonal smoothing, in cycles, per period (default 5 cycles for each). */
  seasonalCycles?: number[];
  /** Passes over the periods (default 2). */
  iterations?: number;
}

/** Local-linear least-squares fit in a box window of half-width `h` around each point (O(n)). */
export function localLinearTrend(x: ArrayLike<number>, h: number): Float64Array {
  const n = x.length;
  // Prefix sums of 1, t, t², x, t·x.
  const st = new Float64Array(n + 1);
  const stt = new Float64Array(n + 1);
  const sx = new Float64Array(n + 1);
  const stx = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    const v = x[t] as number;
    st[t + 1] = (st[t] as number) + t;
    stt[t + 1] = (stt[t] as number) + t * t;
    sx[t + 1] = (sx[t] as number) + v;
    stx[t + 1] = (stx[t] as number) + t * v;
  }
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const a = Math.max(0, t - h);
    const b = Math.min(n, t + h + 1);
    const k = b - a;
    const s1 = (st[b] as number) - (st[a] as number);
    const s2 = (stt[b] as number) - (stt[a] as number);
    const sy = (sx[b] as number) - (sx[a] as number);
    const sty = (stx[b] as number) - (stx[a] as number);
    const denom = k * s2 - s1 * s1;
    if (denom <= 0) {
      out[t] = sy / k;
      continue;
    }
    const slope = (k * sty - s1 * sy) / denom;
    const intercept = (sy - slope * s1) / k;
    out[t] = intercept + slope * t;
  }
  return out;
}

/** Seasonal component of period `p` of `x` (see the file comment). */
export function seasonalComponent(x: ArrayLike<number>, p: number, halfCycles: number): Float64Array {
  const n = x.length;
  const trend = localLinearTrend(x, p);
  const cycles = Math.ceil(n / p);
  // Detrended values laid out by cycle and phase (NaN past the end of the series).
  const detrended = new Float64Array(cycles * p).fill(Number.NaN);
  for (let t = 0; t < n; t++) detrended[t] = (x[t] as number) - (trend[t] as number);
  const weights: number[] = [];
  for (let d = 0; d <= halfCycles; d++) {
    const u = d / (halfCycles + 1);
    weights.push((1 - u * u * u) ** 3);
  }
  const smooth = new Float64Array(cycles * p);
  for (let c = 0; c < cycles; c++) {
    for (let j = 0; j < p; j++) {
      let sum = 0;
      let wsum = 0;
      for (let d = -halfCycles; d <= halfCycles; d++) {
        const cc = c + d;
        if (cc < 0 || cc >= cycles) continue;
        const v = detrended[cc * p + j] as number;
        if (Number.isNaN(v)) continue;
        const w = weights[Math.abs(d)] as number;
        sum += w * v;
        wsum += w;
      }
      smooth[c * p + j] = wsum > 0 ? sum / wsum : 0;
    }
  }
  // Re-centre each cycle so the component carries no level.
  for (let c = 0; c < cycles; c++) {
    let mean = 0;
    for (let j = 0; j < p; j++) mean += smooth[c * p + j] as number;
    mean /= p;
    for (let j = 0; j < p; j++) smooth[c * p + j] = (smooth[c * p + j] as number) - mean;
  }
  return smooth.slice(0, n);
}

/** Decomposes `y` on `periods` (shortest first); periods that do not fit twice are skipped by the caller. */
export function decompose(y: ArrayLike<number>, periods: number[], opts: DecomposeOptions = {}): Decomposition {
  const n = y.length;
  const iterations = opts.iterations ?? 2;
  const seasonal: Float64Array[] = periods.map(() => new Float64Array(n));
  const x = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    periods.forEach((p, k) => {
      for (let t = 0; t < n; t++) {
        let v = y[t] as number;
        periods.forEach((_, q) => {
          if (q !== k) v -= (seasonal[q] as Float64Array)[t] as number;
        });
        x[t] = v;
      }
      seasonal[k] = seasonalComponent(x, p, opts.seasonalCycles?.[k] ?? 5);
    });
  }
  const adjusted = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let v = y[t] as number;
    for (const s of seasonal) v -= s[t] as number;
    adjusted[t] = v;
  }
  return { seasonal, adjusted };
}

/**
 * The seasonal part of a forecast `horizon` steps past the end: each component's last cycle,
 * repeated.
 */
export function seasonalForecast(d: Decomposition, periods: number[], horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  const n = d.adjusted.length;
  periods.forEach((p, k) => {
    const s = d.seasonal[k] as Float64Array;
    for (let h = 0; h < horizon; h++) out[h] = (out[h] as number) + (s[n - p + (h % p)] as number);
  });
  return out;
}
