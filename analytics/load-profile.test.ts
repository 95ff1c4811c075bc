import { describe, expect, it } from 'vitest';
import { seasonalProfileForecast } from './load-profile.js';

const HOUR = 3_600_000;

describe('seasonalProfileForecast', () => {
  it('repeats the weekly shape and finds the coming peak', () => {
    const hours = 5 * 168;
    const values = new Float64Array(hours);
    for (let h = 0; h < hours; h++) values[h] = 100 + (h % 24 === 21 ? 50 : 0) + (h % 168 < 24 ? 10 : 0);
    const series = { startMs: 0, stepMs: HOUR, values };
    const f = seasonalProfileForecast(series, hours * HOUR, 24);
    expect(f.values).toHaveLength(24);
    expect(f.peak).toBeCloseTo(160);
    expect((f.peakAtMs / HOUR) % 24).toBe(21);
  });

  it('carries a busier-than-usual last day over (level factor)', () => {
    const hours = 5 * 168;
    const values = new Float64Array(hours).fill(100);
    for (let h = hours - 24; h < hours; h++) values[h] = 120;
    const f = seasonalProfileForecast({ startMs: 0, stepMs: HOUR, values }, hours * HOUR, 6);
    expect(f.values[0]).toBeCloseTo(120);
  });

  it('gives NaN without history', () => {
    const f = seasonalProfileForecast({ startMs: 0, stepMs: HOUR, values: new Float64Array(10) }, 0, 3);
    expect(f.peak).toBeNaN();
  });
});
