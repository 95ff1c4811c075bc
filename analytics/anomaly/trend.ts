import { HeadroomError } from '../errors.js';
import { median } from '../series.js';
import type { Series } from '../types.js';
import { validateSeries } from './seasonal-baseline.js';

const HOUR_MS = 3_600_000;
/** Fewer hourly points than this and a slope means nothing. */
export const MIN_HOURS_FOR_TREND = 3;

export interface TimeToExhaustionInput {
  /** e.g. disk used or open connections. */
  series: Series;
  /** The value at which the resource is exhausted (same unit as the series). */
  limit: number;
  nowMs: number;
  /** How far back the trend is fitted. */
  windowHours: number;
}

export interface TimeToExhaustion {
  /** Growth per hour as a percentage of the fitted level now (negative when shrinking). */
  growthPerHourPct: number;
  /** When the fitted line reaches `limit`; `nowMs` if already there; null if it never will. */
  exhaustsAtMs: number | null;
  /** Units per hour. */
  slopePerHour: number;
  /** Fitted value at `nowMs`. */
  levelNow: number;
  /** Hourly means the fit rests on. */
  hoursUsed: number;
}

/**
 * Trend and time to exhaustion: Theil–Sen slope (median of pairwise slopes) over hourly means of the
 * last `windowHours`, so one burst or a gap does not tilt the line, then a straight-line extrapolation
 * to `limit`. Linear on purpose: it answers "at this rate" the way an operator reads it.
 */
export function timeToExhaustion({ series, limit, nowMs, windowHours }: TimeToExhaustionInput): TimeToExhaustion {
  validateSeries(series);
  if (!Number.isFinite(nowMs)) throw new HeadroomError('BAD_TIME', `nowMs must be a finite epoch ms, got ${nowMs}`);
  if (!(windowHours > 0)) throw new HeadroomError('INPUT_INVALID', `windowHours must be > 0, got ${windowHours}`);
  if (!Number.isFinite(limit)) throw new HeadroomError('INPUT_INVALID', `limit must be a finite number, got ${limit}`);

  const points = hourlyMeans(series, nowMs - windowHours * HOUR_MS, nowMs);
  if (points.length < MIN_HOURS_FOR_TREND) {
    throw new HeadroomError(
      'DATA_MISSING',
      `need samples in at least ${MIN_HOURS_FOR_TREND} hours of the last ${windowHours} h to fit a trend, found ${points.length}`,
      { hoursFound: points.length, windowHours, nowMs },
    );
  }
  const slopePerHour = theilSenSlope(points);
  // Hours are counted relative to now, so the line's intercept is the level now.
  const levelNow = median(points.map((p) => p.value - slopePerHour * p.hour));
  const growthPerHourPct = levelNow !== 0 ? (100 * slopePerHour) / Math.abs(levelNow) : Number.NaN;
  let exhaustsAtMs: number | null = null;
  if (levelNow >= limit) exhaustsAtMs = nowMs;
  else if (slopePerHour > 0) exhaustsAtMs = nowMs + ((limit - levelNow) / slopePerHour) * HOUR_MS;
  return { growthPerHourPct, exhaustsAtMs, slopePerHour, levelNow, hoursUsed: points.length };
}

interface HourPoint {
  /** Centre of the hour, in hours relative to now (negative: the past). */
  hour: number;
  value: number;
}

/** Means per clock hour of the finite samples in (fromMs, toMs], placed at the mean time of their samples. */
function hourlyMeans(series: Series, fromMs: number, toMs: number): HourPoint[] {
  const acc = new Map<number, { sum: number; sumT: number; n: number }>();
  const first = Math.max(0, Math.floor((fromMs - series.startMs) / series.stepMs));
  const last = Math.min(series.values.length - 1, Math.floor((toMs - series.startMs) / series.stepMs));
  for (let i = first; i <= last; i++) {
    const t = series.startMs + i * series.stepMs;
    const v = series.values[i] as number;
    if (t <= fromMs || t > toMs || !Number.isFinite(v)) continue;
    const key = Math.floor(t / HOUR_MS);
    const a = acc.get(key) ?? { sum: 0, sumT: 0, n: 0 };
    a.sum += v;
    a.sumT += t;
    a.n++;
    acc.set(key, a);
  }
  return [...acc.values()].map((a) => ({ hour: (a.sumT / a.n - toMs) / HOUR_MS, value: a.sum / a.n }));
}

/** Median of the slopes between every pair of points (O(n²): fine for a few hundred hours). */
export function theilSenSlope(points: readonly HourPoint[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as HourPoint;
    for (let j = i + 1; j < points.length; j++) {
      const b = points[j] as HourPoint;
      if (b.hour !== a.hour) slopes.push((b.value - a.value) / (b.hour - a.hour));
    }
  }
  return slopes.length > 0 ? median(slopes) : 0;
}
