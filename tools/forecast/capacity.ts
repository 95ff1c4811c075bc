// Capacity forecast of one work unit: hourly load forecast to the end of the horizon, daily
// P50/P90 peaks, and the first day the P90 peak crosses safe capacity.

import { HeadroomError } from '../../analytics/errors.js';
import {
  capacityWindow,
  type DailyPeak,
  dailyPeaks,
  type ForecastPoint,
  firstCrossing,
  forecastPoints,
} from '../../analytics/forecast/capacity-forecast.js';
import { indexAt } from '../../analytics/series.js';
import type { Series } from '../../analytics/types.js';
import { loadAugurs } from './augurs.js';
import { forecastSeries } from './forecast-series.js';

const HOUR_MS = 3_600_000;

export interface CapacityForecastInput {
  /** Hourly load (stepMs = 1 h); samples after nowMs are ignored. */
  hourlyLoad: Series;
  safeCapacity: number;
  horizonDays: 30 | 60 | 90 | number;
  nowMs: number;
}

export interface CapacityForecast {
  model: string;
  /** Why that model (backtest figures, outliers replaced). */
  reason: string;
  /** Held-out share of backtest actuals inside P10–P90 (NaN without two backtest windows). */
  backtestCoverage: number;
  dailyPeaks: DailyPeak[];
  /** YYYY-MM-DD of the first day whose P90 peak exceeds safe capacity; null when none does. */
  crossesAt: string | null;
  points: ForecastPoint[];
}

/** The options of every capacity forecast (also what the nyc_taxi benchmark measures). */
export const CAPACITY_FORECAST_OPTIONS = {
  seasons: [24, 168],
  level: 0.8,
  backtestHorizon: 168,
  robust: true,
  debias: true,
} as const;

export async function forecastCapacity(input: CapacityForecastInput): Promise<CapacityForecast> {
  const { hourlyLoad, safeCapacity, horizonDays, nowMs } = input;
  if (hourlyLoad.stepMs !== HOUR_MS) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `capacity forecasts need hourly load; got a step of ${hourlyLoad.stepMs} ms`,
    );
  }
  if (!(horizonDays >= 1) || !Number.isInteger(horizonDays)) {
    throw new HeadroomError('INPUT_INVALID', `horizonDays must be a whole number ≥ 1, got ${horizonDays}`);
  }
  if (!Number.isFinite(nowMs)) throw new HeadroomError('INPUT_INVALID', `nowMs must be a finite time, got ${nowMs}`);
  if (!(safeCapacity > 0 && Number.isFinite(safeCapacity))) {
    throw new HeadroomError('INPUT_INVALID', `safeCapacity must be a positive number, got ${safeCapacity}`);
  }
  if (!Number.isFinite(hourlyLoad.startMs) || nowMs < hourlyLoad.startMs) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `no load history before now: the series starts at ${Number.isFinite(hourlyLoad.startMs) ? new Date(hourlyLoad.startMs).toISOString() : hourlyLoad.startMs}, now is ${new Date(nowMs).toISOString()}`,
    );
  }
  const last = Math.min(hourlyLoad.values.length - 1, indexAt(hourlyLoad, nowMs));
  const history = hourlyLoad.values.subarray(0, last + 1);
  const { firstMs, hours } = capacityWindow(nowMs, horizonDays);
  // Hours between the last sample and the first forecast hour are forecast too, then dropped.
  const lead = Math.max(0, Math.round((firstMs - (hourlyLoad.startMs + last * HOUR_MS)) / HOUR_MS) - 1);
  await loadAugurs();
  // Spikes and incidents in history are replaced before fitting (robust), so they neither repeat
  // weekly nor widen the band.
  const f = forecastSeries(history, { ...CAPACITY_FORECAST_OPTIONS, seasons: [24, 168], horizon: lead + hours });
  const yhat = f.yhat.slice(lead);
  const hi = f.hi.slice(lead);
  const lo = f.lo.slice(lead);
  const peaks = dailyPeaks(firstMs, yhat, hi, lo);
  return {
    model: f.model,
    reason: f.reason,
    backtestCoverage: f.coverage,
    dailyPeaks: peaks,
    crossesAt: firstCrossing(peaks, safeCapacity),
    points: forecastPoints(firstMs, yhat, lo, hi),
  };
}
