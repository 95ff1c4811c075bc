// Per-series model choice by rolling-origin backtest: every candidate forecasts the last few
// windows of the history from the data before each window; the one with the lowest error over
// those windows is refitted on the whole history and kept.
import { HeadroomError } from '../errors.js';
import type { Augurs } from './augurs-handle.js';
import { CANDIDATES, type CandidateContext, type CandidateForecast, DEFAULT_MODELS } from './candidates.js';
import { countPresent, fillGaps } from './impute.js';
import { smape } from './m4-metrics.js';

export interface ForecastOptions {
  horizon: number;
  /** Seasonal periods in samples (default 24 and 168: daily and weekly for hourly data). */
  seasons?: number[];
  /** Coverage of the prediction interval, e.g. 0.8 (lo = P10, hi = P90) or 0.9. Default 0.8. */
  level?: number;
  /** Candidate model names (default DEFAULT_MODELS). */
  models?: readonly string[];
  /** Number of rolling backtest windows (default 2). */
  backtestWindows?: number;
  /** Length of each window (default min(horizon, 168)). */
  backtestHorizon?: number;
}

export interface SeriesForecast {
  model: string;
  yhat: number[];
  lo: number[];
  hi: number[];
  /** Mean backtest sMAPE of each candidate (Infinity when it could not forecast). */
  backtest: Record<string, number>;
}

export const DEFAULT_SEASONS = [24, 168];

/** The shortest history that can be forecast: two full cycles of the shortest season. */
export function minimumLength(seasons: number[] = DEFAULT_SEASONS): number {
  return 2 * Math.min(...seasons);
}

export function forecastWithSelection(
  augurs: Augurs,
  values: ArrayLike<number>,
  opts: ForecastOptions,
): SeriesForecast {
  const { horizon } = opts;
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new HeadroomError('INPUT_INVALID', `horizon must be a positive whole number of samples, got ${horizon}`);
  }
  const requested = [...(opts.seasons ?? DEFAULT_SEASONS)].sort((a, b) => a - b);
  if (requested.length === 0 || requested.some((s) => !Number.isInteger(s) || s < 2)) {
    throw new HeadroomError('INPUT_INVALID', `seasons must be whole numbers ≥ 2, got ${requested.join(',')}`);
  }
  const level = opts.level ?? 0.8;
  if (!(level > 0 && level < 1)) throw new HeadroomError('INPUT_INVALID', `level must be in (0, 1), got ${level}`);
  const minimum = minimumLength(requested);
  const present = countPresent(values);
  if (values.length < minimum || present < minimum) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `series too short: ${present} usable samples; the minimum is ${minimum} (two cycles of the ${requested[0]}-sample season)`,
      { minimum, present },
    );
  }
  const y = fillGaps(values, requested[0] as number);
  const models = opts.models ?? DEFAULT_MODELS;
  for (const m of models) {
    if (!CANDIDATES[m]) throw new HeadroomError('INPUT_INVALID', `unknown model "${m}"`);
  }
  const windows = opts.backtestWindows ?? 2;
  const windowLength = opts.backtestHorizon ?? Math.min(horizon, 168);
  const backtestable = y.length - windows * windowLength >= minimum;
  // A season is used only when the history before the earliest backtest origin spans it twice.
  const fitLength = backtestable ? y.length - windows * windowLength : y.length;
  const seasons = requested.filter((s) => fitLength >= 2 * s);
  const ctx: CandidateContext = { augurs, seasons, level };

  const backtest: Record<string, number> = {};
  const residuals: Record<string, number[]> = {};
  if (backtestable) {
    for (const m of models) {
      let total = 0;
      const res: number[] = [];
      for (let w = windows; w >= 1 && Number.isFinite(total); w--) {
        const origin = y.length - w * windowLength;
        const f = CANDIDATES[m]?.(y.subarray(0, origin), windowLength, ctx);
        if (!f || !f.point.every(Number.isFinite)) total = Number.POSITIVE_INFINITY;
        else {
          const actual = y.subarray(origin, origin + windowLength);
          total += smape(actual, f.point);
          for (let i = 0; i < windowLength; i++) res.push((actual[i] as number) - (f.point[i] as number));
        }
      }
      backtest[m] = total / windows;
      residuals[m] = res;
    }
  }
  // Best backtest first; without a backtest, the declared order of the pool.
  const ranked = backtestable ? [...models].sort((a, b) => (backtest[a] as number) - (backtest[b] as number)) : models;
  const fullCtx: CandidateContext = { ...ctx, seasons: requested.filter((s) => y.length >= 2 * s) };
  for (const m of ranked) {
    if (backtestable && !Number.isFinite(backtest[m] as number)) continue;
    const f = CANDIDATES[m]?.(y, horizon, fullCtx);
    if (f?.point.every(Number.isFinite)) {
      const { lo, hi } = intervals(f, y, residuals[m], fullCtx);
      return { model: m, yhat: f.point, lo, hi, backtest };
    }
  }
  throw new HeadroomError('RUNTIME', `no model could forecast this series (tried ${ranked.join(', ')})`);
}

/** z of the upper bound of a two-sided interval at `level`, by bisection on the normal CDF. */
function zFor(level: number): number {
  let lo = 0;
  let hi = 6;
  const target = (1 + level) / 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function normalCdf(x: number): number {
  // Abramowitz & Stegun 7.1.26 for erf.
  const t = 1 / (1 + 0.3275911 * (x / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 0.5 * (1 + (1 - poly * Math.exp(-(x * x) / 2)));
}

/**
 * The model's own interval when it gives one; otherwise the seasonal-naive form
 * z·σ·√(k+1), k = whole seasons ahead, with σ from the backtest errors (or in-sample seasonal
 * differences when there was no backtest).
 */
function intervals(f: CandidateForecast, y: Float64Array, residuals: number[] | undefined, ctx: CandidateContext) {
  if (f.lower && f.upper && f.lower.every(Number.isFinite) && f.upper.every(Number.isFinite)) {
    return { lo: f.lower, hi: f.upper };
  }
  const m = ctx.seasons[0] ?? 1;
  let sigma: number;
  if (residuals && residuals.length > 1) {
    sigma = Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / residuals.length);
  } else {
    let sum = 0;
    for (let i = m; i < y.length; i++) sum += ((y[i] as number) - (y[i - m] as number)) ** 2;
    sigma = Math.sqrt(sum / Math.max(1, y.length - m));
  }
  const z = zFor(ctx.level);
  const half = f.point.map((_, h) => z * sigma * Math.sqrt(Math.floor(h / m) + 1));
  return { lo: f.point.map((p, h) => p - (half[h] as number)), hi: f.point.map((p, h) => p + (half[h] as number)) };
}
