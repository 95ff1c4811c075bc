// Accuracy measures exactly as the M4 competition defines them (Benchmarks and Evaluation.R):
// sMAPE, MASE with the in-sample seasonal-naive scale, and the Naive2 benchmark behind OWA.

/** Mean of 200·|y−ŷ|/(|y|+|ŷ|) over the horizon (M4 sMAPE, in percent). */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i] as number;
    const f = forecast[i] as number;
    const denom = Math.abs(y) + Math.abs(f);
    sum += denom === 0 ? 0 : (200 * Math.abs(y - f)) / denom;
  }
  return sum / actual.length;
}

/** Mean absolute error of the seasonal-naive forecast inside the history (MASE's scale). */
export function seasonalNaiveScale(insample: ArrayLike<number>, m: number): number {
  let sum = 0;
  for (let i = m; i < insample.length; i++) sum += Math.abs((insample[i] as number) - (insample[i - m] as number));
  return sum / (insample.length - m);
}

export function mase(insample: ArrayLike<number>, actual: ArrayLike<number>, forecast: ArrayLike<number>, m: number) {
  let mae = 0;
  for (let i = 0; i < actual.length; i++) mae += Math.abs((actual[i] as number) - (forecast[i] as number));
  return mae / actual.length / seasonalNaiveScale(insample, m);
}

/** Autocorrelation at `lag` as R's acf() computes it (overall mean, divisor n). */
function acf(x: ArrayLike<number>, lag: number, mean: number, variance: number): number {
  let s = 0;
  for (let i = lag; i < x.length; i++) s += ((x[i] as number) - mean) * ((x[i - lag] as number) - mean);
  return s / x.length / variance;
}

/** M4's 90 % test: is the autocorrelation at lag m significant given the ones below it? */
export function isSeasonal(x: ArrayLike<number>, m: number): boolean {
  const n = x.length;
  if (n < 3 * m) return false;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] as number;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((x[i] as number) - mean) ** 2;
  variance /= n;
  let sumSq = 0;
  for (let k = 1; k < m; k++) sumSq += acf(x, k, mean, variance) ** 2;
  const limit = 1.645 * Math.sqrt((1 + 2 * sumSq) / n);
  return Math.abs(acf(x, m, mean, variance)) > limit;
}

/**
 * Seasonal indices of a classical multiplicative decomposition (R's decompose): ratio to a centred
 * 2×m moving average, averaged by position in the cycle, normalised to mean 1. Index i of the
 * result is the position of sample i modulo m.
 */
export function multiplicativeIndices(x: ArrayLike<number>, m: number): number[] {
  const n = x.length;
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  const half = m / 2;
  for (let t = Math.ceil(half); t < n - Math.ceil(half); t++) {
    let ma = 0;
    if (m % 2 === 0) {
      for (let k = -half; k <= half; k++) ma += (x[t + k] as number) * (Math.abs(k) === half ? 0.5 : 1);
    } else {
      for (let k = -Math.floor(half); k <= Math.floor(half); k++) ma += x[t + k] as number;
    }
    ma /= m;
    const ratio = (x[t] as number) / ma;
    if (!Number.isFinite(ratio)) continue;
    sums[t % m] = (sums[t % m] as number) + ratio;
    counts[t % m] = (counts[t % m] as number) + 1;
  }
  const figure = sums.map((s, i) => s / Math.max(1, counts[i] as number));
  const mean = figure.reduce((a, b) => a + b, 0) / m;
  return figure.map((f) => f / mean);
}

/** M4's Naive2: naive on the seasonally adjusted series when the seasonality test passes. */
export function naive2(insample: ArrayLike<number>, horizon: number, m: number): number[] {
  const n = insample.length;
  const indices = isSeasonal(insample, m) ? multiplicativeIndices(insample, m) : new Array<number>(m).fill(1);
  const last = (insample[n - 1] as number) / (indices[(n - 1) % m] as number);
  const out: number[] = [];
  for (let h = 0; h < horizon; h++) out.push(last * (indices[(n + h) % m] as number));
  return out;
}
