import { HeadroomError } from '../../errors.js';
import { meanAndSigma, type RobustSummary, summariseWithoutOutliers } from '../robust-stats.js';
import {
  type BaselineBucket,
  bucketOf,
  buildSeasonalBaselineFromPoints,
  type SeasonalBaseline,
} from '../seasonal-baseline.js';
import type { StreamingDetector } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface SeasonalDetectorOptions {
  /** History the baseline learns from (default 28 days). */
  historyDays?: number;
  /** Hour-of-week buckets once this much history exists, hour-of-day before (default 21 days). */
  weeklyAfterDays?: number;
  /** A bucket needs this many samples before its own statistics are trusted (default 6). */
  minBucketSamples?: number;
  /** Points seen before any score other than 0 (default 12). */
  warmupPoints?: number;
  /** Residuals averaged to see sustained shifts that no single point shows (default 6). */
  shiftPoints?: number;
  /** After a point scores beyond `alarmSigma`, lower scores are damped for this long (default 12 h). */
  refractoryHours?: number;
  alarmSigma?: number;
  timezoneOffsetMinutes?: (ms: number) => number;
  /** Days (or weeks) of history before the hours are trusted (default 3). */
  minCycles?: number;
  /** Share of the variance the hours must explain to be used at all (default 0.3). */
  minExplainedShare?: number;
  /**
   * σ is never below this share of the unclipped σ of the history (default 1; on NAB 0.2, 0.5 and 1.5
   * scored lower). The hours move the expected value; the spread stays that of the whole history.
   */
  sigmaFloorShare?: number;
}

/**
 * Headroom's streaming detector: each point is scored in σ against the norm of its hour of the day
 * (or week), learnt with the seed rule (3σ outliers dropped) from the history so far and refreshed
 * every hour of data. The hour sets the expected value; the σ is at least that of the whole history,
 * which on NAB's bursty metrics beat each hour's own σ (see `sigmaFloorShare`). Two readings of the residual are combined: the point itself (spikes) and the
 * mean of the last few residuals (a level shift that is only a little off per point but persistently).
 * After an alarm, weaker scores are damped for a while: one incident, one alert, not fifty.
 */
export function createSeasonalDetector(opts: SeasonalDetectorOptions = {}): StreamingDetector {
  const refractoryMs = (opts.refractoryHours ?? 12) * HOUR_MS;
  const alarmSigma = opts.alarmSigma ?? 4;
  const zOf = createSeasonalZ(opts);
  let lastAlarm = { atMs: Number.NEGATIVE_INFINITY, z: 0 };
  return {
    name: 'headroom-seasonal',
    next(atMs, value) {
      let z = zOf.next(atMs, value);
      if (atMs - lastAlarm.atMs < refractoryMs && z <= lastAlarm.z) z *= 0.5;
      else if (z >= alarmSigma) lastAlarm = { atMs, z };
      return z / (z + 3);
    },
  };
}

/**
 * The seasonal detector's raw reading: the residual of each point against its hour's norm, in σ
 * (≥ 0, unbounded; 0 while warming up or for a non-finite point), without damping after alarms.
 * `refractoryHours` and `alarmSigma` are ignored here.
 */
export function createSeasonalZ(opts: SeasonalDetectorOptions = {}): StreamingDetector {
  const readings = createSeasonalReadings(opts);
  return {
    name: 'headroom-seasonal-z',
    next(atMs, value) {
      const r = readings.next(atMs, value);
      return Math.max(r.point, r.shift);
    },
  };
}

/** The two readings of the seasonal residual, in σ (both ≥ 0; 0 while warming up). */
export interface SeasonalReadings {
  /** |residual| of this point: spikes. */
  point: number;
  /** |mean of the last `shiftPoints` residuals| × √k / 2: a level shift (0 until k residuals exist). */
  shift: number;
}

/** The seasonal residual's two readings per point, separately (see `createSeasonalZ` for their max). */
export function createSeasonalReadings(opts: SeasonalDetectorOptions = {}): {
  next(atMs: number, value: number): SeasonalReadings;
} {
  const historyMs = (opts.historyDays ?? 28) * DAY_MS;
  const weeklyAfterMs = (opts.weeklyAfterDays ?? 21) * DAY_MS;
  const minBucketSamples = opts.minBucketSamples ?? 6;
  const warmupPoints = opts.warmupPoints ?? 12;
  const shiftPoints = opts.shiftPoints ?? 6;
  const minCycles = opts.minCycles ?? 3;
  const minExplained = opts.minExplainedShare ?? 0.3;
  const sigmaFloorShare = opts.sigmaFloorShare ?? 1;
  const offset = opts.timezoneOffsetMinutes ?? (() => 0);
  if (!(historyMs > 0 && shiftPoints >= 1 && warmupPoints >= 2)) {
    throw new HeadroomError('INPUT_INVALID', 'seasonal detector options out of range', { ...opts });
  }

  const times: number[] = [];
  const values: number[] = [];
  const residuals: number[] = [];
  let baseline: SeasonalBaseline | undefined;
  let global: RobustSummary | undefined;
  let sigmaFloor = 0;
  let nextRebuildMs = Number.NEGATIVE_INFINITY;
  let firstMs = Number.NaN;

  let seasonal = false;
  const rebuild = (nowMs: number) => {
    let from = times.length - 1;
    while (from > 0 && (times[from - 1] as number) > nowMs - historyMs) from--;
    const span = nowMs - (times[from] as number);
    const bucket: BaselineBucket = nowMs - firstMs >= weeklyAfterMs ? 'hour-of-week' : 'hour-of-day';
    const recentValues = values.slice(from);
    baseline = buildSeasonalBaselineFromPoints((i) => times[from + i] as number, recentValues, {
      bucket,
      timezoneOffsetMinutes: offset,
    });
    global = summariseWithoutOutliers(recentValues);
    // Trust the hours only when each has been seen on a few days (within one hour, samples vary far
    // less than from day to day) and when they explain a real share of the variance.
    const cycles = span / (bucket === 'hour-of-week' ? 7 * DAY_MS : DAY_MS);
    seasonal = cycles >= minCycles && explainedShare(baseline.buckets, global) >= minExplained;
    // Bursty metrics (disk writes: zero most of the time) have a clipped σ near 0, and their bursts
    // are normal: the unclipped σ of the history keeps them from scoring as off the scale.
    sigmaFloor = Math.max(sigmaFloorShare * meanAndSigma(recentValues).sigma, 1e-3 * Math.abs(global.mean), 1e-9);
    nextRebuildMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS + HOUR_MS;
  };

  const norm = (atMs: number): RobustSummary | undefined => {
    if (!baseline || !global) return undefined;
    if (!seasonal) return global;
    const b = baseline.buckets[bucketOf(baseline.bucket, atMs, offset)] as RobustSummary;
    return b.count >= minBucketSamples ? b : global;
  };

  const none: SeasonalReadings = { point: 0, shift: 0 };
  return {
    next(atMs: number, value: number): SeasonalReadings {
      if (!Number.isFinite(value) || !Number.isFinite(atMs)) return none;
      if (Number.isNaN(firstMs)) firstMs = atMs;
      let z = none;
      const stats = times.length >= warmupPoints ? norm(atMs) : undefined;
      if (stats) {
        const residual = (value - stats.mean) / Math.max(stats.sigma, sigmaFloor);
        residuals.push(residual);
        if (residuals.length > 4 * shiftPoints) residuals.splice(0, residuals.length - shiftPoints);
        z = readingsOf(residuals, shiftPoints);
      }
      times.push(atMs);
      values.push(value);
      if (times.length >= warmupPoints && atMs >= nextRebuildMs) rebuild(atMs);
      trimHistory(times, values, atMs - historyMs - DAY_MS);
      return z;
    },
  };
}

/** |last residual| and |mean of the last k| × √k / 2 (a z of the mean, discounted). */
function readingsOf(residuals: readonly number[], k: number): SeasonalReadings {
  const n = residuals.length;
  const point = Math.abs(residuals[n - 1] as number);
  if (n < k) return { point, shift: 0 };
  let sum = 0;
  for (let i = n - k; i < n; i++) sum += residuals[i] as number;
  return { point, shift: (Math.abs(sum / k) * Math.sqrt(k)) / 2 };
}

/** Drops what is older than the history needs, in chunks so the cost stays amortised O(1). */
function trimHistory(times: number[], values: number[], beforeMs: number): void {
  if (times.length < 4096 || (times[1024] as number) >= beforeMs) return;
  let cut = 0;
  while (cut < times.length && (times[cut] as number) < beforeMs) cut++;
  times.splice(0, cut);
  values.splice(0, cut);
}

/** 1 − (within-bucket variance / overall variance): how much of the variation the hour explains. */
function explainedShare(buckets: readonly RobustSummary[], global: RobustSummary): number {
  let within = 0;
  let n = 0;
  for (const b of buckets) {
    if (b.count === 0) continue;
    within += b.count * b.sigma * b.sigma;
    n += b.count;
  }
  if (n === 0 || !(global.sigma > 0)) return 0;
  return 1 - within / n / (global.sigma * global.sigma);
}
