import { HeadroomError } from '../errors.js';
import type { Series } from '../types.js';
import { type RobustSummary, summariseWithoutOutliers } from './robust-stats.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** σ thresholds of the sensitivity levels: a deviation beyond this many σ is anomalous. */
export const SENSITIVITY = { low: 5, medium: 3, high: 2 } as const;
export type Sensitivity = keyof typeof SENSITIVITY;

export type BaselineBucket = 'hour-of-week' | 'hour-of-day';

export interface SeasonalBaselineOptions {
  /** Minutes to add to UTC to get local time at `ms` (e.g. 60 for CET); UTC when omitted. */
  timezoneOffsetMinutes?: (ms: number) => number;
  bucket: BaselineBucket;
  /** Outlier cut of the seed rule, in σ (default 3). */
  clipSigma?: number;
  /**
   * σ is never taken below this fraction of |mean| (default 0.01): a bucket that happens to be flat
   * (integer counts, a quiet week) would otherwise make any small change look infinitely unusual.
   */
  minSigmaFraction?: number;
}

export interface SeasonalBaseline {
  bucket: BaselineBucket;
  /** One summary per bucket: 24 (hour of day, local) or 168 (hour of week, Monday 00:00 first). */
  buckets: RobustSummary[];
  minSigmaFraction: number;
  timezoneOffsetMinutes: (ms: number) => number;
}

export interface BaselineScore {
  /** The bucket's mean after the outlier drop (NaN when the bucket has no data). */
  expected: number;
  /** The σ used: the bucket's σ, floored (see `minSigmaFraction`). */
  sigma: number;
  /** (value − expected) / σ; negative below the norm. */
  z: number;
  /** Samples behind the bucket's statistics. */
  count: number;
}

const utc = () => 0;

/**
 * Learns what is normal at each hour of the day (or week) in local time: per bucket, the mean, σ and
 * percentiles after dropping samples beyond 3σ. A nightly backup at 02:00 becomes part of the 02:00
 * norm, while a one-off spike inside an hour is dropped and does not widen that hour's σ.
 */
export function buildSeasonalBaseline(series: Series, opts: SeasonalBaselineOptions): SeasonalBaseline {
  validateSeries(series);
  const { startMs, stepMs } = series;
  return buildSeasonalBaselineFromPoints((i) => startMs + i * stepMs, series.values, opts);
}

/**
 * The same from irregular samples: `timeOf(i)` is the time of `values[i]` (data such as NAB's has gaps
 * and jitter, so it is not a regular Series). Non-finite values are skipped.
 */
export function buildSeasonalBaselineFromPoints(
  timeOf: (i: number) => number,
  values: ArrayLike<number>,
  opts: SeasonalBaselineOptions,
): SeasonalBaseline {
  if (opts.bucket !== 'hour-of-week' && opts.bucket !== 'hour-of-day') {
    throw new HeadroomError('INPUT_INVALID', `bucket must be 'hour-of-week' or 'hour-of-day', got "${opts.bucket}"`);
  }
  const offset = opts.timezoneOffsetMinutes ?? utc;
  const groups: number[][] = Array.from({ length: bucketCount(opts.bucket) }, () => []);
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    (groups[bucketOf(opts.bucket, timeOf(i), offset)] as number[]).push(v);
    present++;
  }
  if (present === 0) {
    throw new HeadroomError('INPUT_INVALID', 'series has no samples (all values missing): cannot learn a baseline');
  }
  const clip = opts.clipSigma ?? 3;
  return {
    bucket: opts.bucket,
    buckets: groups.map((g) => summariseWithoutOutliers(g, clip)),
    minSigmaFraction: opts.minSigmaFraction ?? 0.01,
    timezoneOffsetMinutes: offset,
  };
}

/** How `value` at `atMs` compares with the norm of its bucket. */
export function scoreAgainstBaseline(baseline: SeasonalBaseline, atMs: number, value: number): BaselineScore {
  if (!Number.isFinite(atMs)) throw new HeadroomError('BAD_TIME', `atMs must be a finite epoch ms, got ${atMs}`);
  const stats = baselineAt(baseline, atMs);
  const sigma = Math.max(stats.sigma, baseline.minSigmaFraction * Math.abs(stats.mean), Number.MIN_VALUE);
  return { expected: stats.mean, sigma, z: (value - stats.mean) / sigma, count: stats.count };
}

/** The statistics of the bucket `atMs` falls in. */
export function baselineAt(baseline: SeasonalBaseline, atMs: number): RobustSummary {
  return baseline.buckets[bucketOf(baseline.bucket, atMs, baseline.timezoneOffsetMinutes)] as RobustSummary;
}

export function bucketCount(bucket: BaselineBucket): number {
  return bucket === 'hour-of-week' ? 168 : 24;
}

/** Bucket index of `ms` in local time; hour of week counts from Monday 00:00. */
export function bucketOf(bucket: BaselineBucket, ms: number, offsetMinutes: (ms: number) => number): number {
  const localHours = Math.floor((ms + offsetMinutes(ms) * MINUTE_MS) / HOUR_MS);
  if (bucket === 'hour-of-day') return mod(localHours, 24);
  // 1970-01-01 was a Thursday: shift by 3 days so that index 0 is Monday 00:00.
  return mod(localHours + 3 * 24, 168);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

export function validateSeries(series: Series): void {
  if (series.values.length === 0) throw new HeadroomError('INPUT_INVALID', 'series is empty: no samples to learn from');
  if (!(series.stepMs > 0) || !Number.isFinite(series.startMs)) {
    throw new HeadroomError('INPUT_INVALID', `series needs a finite startMs and stepMs > 0, got ${series.stepMs}`, {
      startMs: series.startMs,
      stepMs: series.stepMs,
    });
  }
}

/** Throws a clear error for anything but 'low' | 'medium' | 'high'. */
export function sensitivitySigma(sensitivity: string): number {
  if (!Object.hasOwn(SENSITIVITY, sensitivity)) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `sensitivity must be one of ${Object.keys(SENSITIVITY).join(', ')}, got "${sensitivity}"`,
      { sensitivity },
    );
  }
  return SENSITIVITY[sensitivity as Sensitivity];
}
