import { quantile } from '../series.js';

/** Summary of one group of samples after the seed rule's outlier drop. */
export interface RobustSummary {
  mean: number;
  sigma: number;
  p50: number;
  p95: number;
  p99: number;
  /** Samples kept after dropping outliers. */
  count: number;
  /** Samples dropped as beyond `clipSigma` σ. */
  dropped: number;
}

const MAX_CLIP_PASSES = 5;

/**
 * The seed rule: drop samples beyond `clipSigma` σ of the mean, then keep mean, σ and percentiles
 * of the rest. Repeated a few times because one huge outlier inflates σ enough to hide a second one.
 * NaN samples are ignored. An empty input gives NaN statistics and count 0.
 */
export function summariseWithoutOutliers(samples: ArrayLike<number>, clipSigma = 3): RobustSummary {
  let kept: number[] = [];
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] as number;
    if (!Number.isNaN(v)) kept.push(v);
  }
  const total = kept.length;
  let { mean, sigma } = meanAndSigma(kept);
  for (let pass = 0; pass < MAX_CLIP_PASSES && sigma > 0; pass++) {
    const next = kept.filter((v) => Math.abs(v - mean) <= clipSigma * sigma);
    if (next.length === kept.length) break;
    kept = next;
    ({ mean, sigma } = meanAndSigma(kept));
  }
  const sorted = kept.sort((a, b) => a - b);
  return {
    mean,
    sigma,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    count: sorted.length,
    dropped: total - sorted.length,
  };
}

/** Population mean and standard deviation (NaN for no samples). */
export function meanAndSigma(values: readonly number[]): { mean: number; sigma: number } {
  if (values.length === 0) return { mean: Number.NaN, sigma: Number.NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) * (v - mean);
  return { mean, sigma: Math.sqrt(sq / values.length) };
}

/** Standard normal cumulative distribution Φ(z), via an erfc approximation (|error| < 1.2e-7). */
export function normalCdf(z: number): number {
  return 1 - 0.5 * erfc(z / Math.SQRT2);
}

// Numerical Recipes' Chebyshev-fitted erfc: accurate enough for scores and cheap per point.
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const poly =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}
