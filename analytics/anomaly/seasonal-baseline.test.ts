import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../errors.js';
import { summariseWithoutOutliers } from './robust-stats.js';
import {
  bucketOf,
  buildSeasonalBaseline,
  SENSITIVITY,
  scoreAgainstBaseline,
  sensitivitySigma,
} from './seasonal-baseline.js';
import { seededRandom } from './synthetic-series.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY = Date.parse('2026-02-02T00:00:00Z');

/** CPU utilisation 5-min over 4 weeks: ~30 % all day, ~90 % during the 02:00 nightly backup. */
function cpuWithNightlyBackup(backupHourUtc = 2) {
  const rand = seededRandom(7);
  const stepMs = 5 * 60_000;
  const n = (28 * DAY) / stepMs;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const hour = Math.floor(((i * stepMs) % DAY) / HOUR);
    values[i] = (hour === backupHourUtc ? 0.9 : 0.3) + 0.02 * (2 * rand() - 1);
  }
  values[500] = 0.99; // a one-off spike inside an ordinary hour: the seed rule drops it
  return { startMs: MONDAY, stepMs, values };
}

describe('summariseWithoutOutliers (the seed rule)', () => {
  it('drops samples beyond 3σ and keeps mean, σ and percentiles of the rest', () => {
    const samples = [...Array.from({ length: 99 }, (_, i) => 100 + (i % 3) - 1), 10_000];
    const s = summariseWithoutOutliers(samples);
    expect(s.dropped).toBe(1);
    expect(s.count).toBe(99);
    expect(s.mean).toBeCloseTo(100, 6);
    expect(s.p50).toBe(100);
    expect(s.p99).toBe(101);
    expect(s.sigma).toBeCloseTo(Math.sqrt(2 / 3), 6);
  });

  it('ignores missing samples', () => {
    expect(summariseWithoutOutliers([1, Number.NaN, 3]).mean).toBe(2);
    expect(summariseWithoutOutliers([]).count).toBe(0);
  });
});

describe('buildSeasonalBaseline', () => {
  it('learns the nightly backup: 92 % at 02:00 is normal, 92 % at 14:00 is not', () => {
    const baseline = buildSeasonalBaseline(cpuWithNightlyBackup(), { bucket: 'hour-of-day' });
    const night = scoreAgainstBaseline(baseline, MONDAY + 29 * DAY + 2.5 * HOUR, 0.92);
    const afternoon = scoreAgainstBaseline(baseline, MONDAY + 29 * DAY + 14.5 * HOUR, 0.92);
    expect(night.expected).toBeCloseTo(0.9, 2);
    expect(Math.abs(night.z)).toBeLessThan(SENSITIVITY.high);
    expect(afternoon.expected).toBeCloseTo(0.3, 2);
    expect(afternoon.z).toBeGreaterThan(SENSITIVITY.low);
  });

  it('keeps per-bucket mean, σ, p50, p95, p99 and count, without the one-off spike', () => {
    const baseline = buildSeasonalBaseline(cpuWithNightlyBackup(), { bucket: 'hour-of-week' });
    expect(baseline.buckets).toHaveLength(168);
    const mondayAt01 = baseline.buckets[1]!;
    expect(mondayAt01.count).toBe(4 * 12); // 4 weeks × 12 five-minute samples
    expect(mondayAt01.dropped).toBe(0);
    expect(mondayAt01.p50).toBeGreaterThan(0.28);
    expect(mondayAt01.p95).toBeLessThanOrEqual(mondayAt01.p99);
    const tuesdayAt17 = baseline.buckets[24 + 17]!; // sample 500 is Tuesday 17:40 of week 1
    expect(tuesdayAt17.dropped).toBe(1);
    expect(tuesdayAt17.p99).toBeLessThan(0.33);
  });

  it('buckets by local time when given a timezone offset', () => {
    // Backup at 02:00 local in UTC+2 is 00:00 UTC.
    const baseline = buildSeasonalBaseline(cpuWithNightlyBackup(0), {
      bucket: 'hour-of-day',
      timezoneOffsetMinutes: () => 120,
    });
    expect(baseline.buckets[2]!.mean).toBeCloseTo(0.9, 2);
    expect(scoreAgainstBaseline(baseline, MONDAY + 29 * DAY, 0.9).z).toBeCloseTo(0, 0);
  });

  it('numbers hours of the week from Monday 00:00', () => {
    const utc = () => 0;
    expect(bucketOf('hour-of-week', MONDAY, utc)).toBe(0);
    expect(bucketOf('hour-of-week', MONDAY + 6 * DAY + 23 * HOUR, utc)).toBe(167);
    expect(bucketOf('hour-of-week', MONDAY + 7 * DAY + 21 * HOUR, utc)).toBe(21);
    expect(bucketOf('hour-of-day', MONDAY - HOUR, utc)).toBe(23);
  });

  it('rejects an empty series, an all-missing series and a bad bucket with clear errors', () => {
    const empty = { startMs: MONDAY, stepMs: 300_000, values: new Float64Array(0) };
    expect(() => buildSeasonalBaseline(empty, { bucket: 'hour-of-day' })).toThrow(/series is empty/);
    const missing = { startMs: MONDAY, stepMs: 300_000, values: new Float64Array([Number.NaN, Number.NaN]) };
    expect(() => buildSeasonalBaseline(missing, { bucket: 'hour-of-day' })).toThrow(/no samples/);
    const bad = { bucket: 'minute-of-hour' } as unknown as { bucket: 'hour-of-day' };
    expect(() => buildSeasonalBaseline(cpuWithNightlyBackup(), bad)).toThrow(HeadroomError);
  });
});

describe('sensitivity levels', () => {
  it('are 5σ, 3σ and 2σ and refuse anything else', () => {
    expect(SENSITIVITY).toEqual({ low: 5, medium: 3, high: 2 });
    expect(sensitivitySigma('medium')).toBe(3);
    expect(() => sensitivitySigma('extreme')).toThrow(/sensitivity must be one of low, medium, high, got "extreme"/);
    expect(() => sensitivitySigma('toString')).toThrow(HeadroomError);
  });
});
