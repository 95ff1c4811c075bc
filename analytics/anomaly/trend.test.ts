import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../errors.js';
import { seededRandom } from './synthetic-series.js';
import { timeToExhaustion } from './trend.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-03T12:00:00Z');
const STEP = 5 * 60_000;

/** 5-min samples over the `hours` before now of a line that is at `levelNow` now and grows `slope` per hour. */
function line(hours: number, levelNow: number, slope: number, noise = 0) {
  const rand = seededRandom(5);
  const n = (hours * HOUR) / STEP;
  const startMs = NOW - (n - 1) * STEP;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const h = (startMs + i * STEP - NOW) / HOUR;
    values[i] = (levelNow + slope * h) * (1 + noise * (2 * rand() - 1));
  }
  return { startMs, stepMs: STEP, values };
}

describe('timeToExhaustion', () => {
  it('reads 2 %/h growth and when it reaches the limit', () => {
    // Disk at 1,000 GB growing 20 GB/h (2 %/h of now), limit 1,500 GB: 25 h left.
    const r = timeToExhaustion({ series: line(48, 1000, 20), limit: 1500, nowMs: NOW, windowHours: 24 });
    expect(r.slopePerHour).toBeCloseTo(20, 6);
    expect(r.growthPerHourPct).toBeCloseTo(2, 6);
    expect(r.levelNow).toBeCloseTo(1000, 6);
    expect((r.exhaustsAtMs! - NOW) / HOUR).toBeCloseTo(25, 6);
    expect(r.hoursUsed).toBe(25); // 24 clock hours plus the sample at 12:00 sharp
  });

  it('is not tilted by noise or a burst hour (Theil–Sen)', () => {
    const series = line(48, 50_000, 500, 0.02);
    for (let i = series.values.length - 30; i < series.values.length - 18; i++) series.values[i] = 200_000;
    const r = timeToExhaustion({ series, limit: 80_000, nowMs: NOW, windowHours: 24 });
    expect(r.growthPerHourPct).toBeGreaterThan(0.9);
    expect(r.growthPerHourPct).toBeLessThan(1.1);
    expect((r.exhaustsAtMs! - NOW) / HOUR).toBeGreaterThan(54);
    expect((r.exhaustsAtMs! - NOW) / HOUR).toBeLessThan(66);
  });

  it('says never for a flat or shrinking series, and now when already at the limit', () => {
    expect(
      timeToExhaustion({ series: line(24, 800, -5), limit: 1000, nowMs: NOW, windowHours: 24 }).exhaustsAtMs,
    ).toBeNull();
    expect(
      timeToExhaustion({ series: line(24, 800, 0), limit: 1000, nowMs: NOW, windowHours: 24 }).exhaustsAtMs,
    ).toBeNull();
    expect(timeToExhaustion({ series: line(24, 1200, 1), limit: 1000, nowMs: NOW, windowHours: 24 }).exhaustsAtMs).toBe(
      NOW,
    );
  });

  it('uses only the window before now', () => {
    // Fast growth long ago, flat in the last 12 h: the 12 h window sees no growth.
    const series = line(48, 1000, 0);
    for (let i = 0; i < series.values.length - 144; i++)
      series.values[i] = 1000 + (i - (series.values.length - 144)) * 5;
    expect(timeToExhaustion({ series, limit: 2000, nowMs: NOW, windowHours: 12 }).slopePerHour).toBeCloseTo(0, 9);
  });

  it('rejects bad input with clear errors', () => {
    const empty = { startMs: NOW, stepMs: STEP, values: new Float64Array(0) };
    expect(() => timeToExhaustion({ series: empty, limit: 1, nowMs: NOW, windowHours: 24 })).toThrow(/series is empty/);
    expect(() => timeToExhaustion({ series: line(1, 1, 1), limit: 9, nowMs: NOW, windowHours: 24 })).toThrow(
      /need samples in at least 3 hours of the last 24 h to fit a trend, found 2/,
    );
    expect(() => timeToExhaustion({ series: line(24, 1, 1), limit: 9, nowMs: NOW, windowHours: 0 })).toThrow(
      HeadroomError,
    );
    expect(() => timeToExhaustion({ series: line(24, 1, 1), limit: Number.NaN, nowMs: NOW, windowHours: 4 })).toThrow(
      /limit/,
    );
  });
});
