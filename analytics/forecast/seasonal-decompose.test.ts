import { describe, expect, it } from 'vitest';
import { fitTrend, trendForecast } from './damped-trend.js';
import { decompose, localLinearTrend, seasonalForecast } from './seasonal-decompose.js';

const daily = (t: number) => 10 * Math.sin((2 * Math.PI * t) / 24);
const weekly = (t: number) => (Math.floor(t / 24) % 7 >= 5 ? -8 : 8 * (2 / 5)); // weekend dip, zero mean over a week

describe('seasonal decomposition', () => {
  it('recovers a daily and a weekly pattern on a trending series, and forecasts them', () => {
    const n = 960;
    const y = Float64Array.from({ length: n }, (_, t) => 100 + 0.05 * t + daily(t) + weekly(t));
    const d = decompose(y, [24, 168]);
    const season = seasonalForecast(d, [24, 168], 48);
    // Within 2 of a pattern spanning 36 (the weekend step is blurred a little), 0.5 on average.
    const errors = Array.from(season, (s, h) => Math.abs(s - daily(n + h) - weekly(n + h)));
    expect(Math.max(...errors)).toBeLessThan(2);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.5);
    // The adjusted series is the trend: it rises by 0.05 a step.
    const a = d.adjusted;
    expect(((a[n - 100] as number) - (a[100] as number)) / (n - 200)).toBeCloseTo(0.05, 2);
  });

  it('local-linear trend is exact on a line, ends included', () => {
    const x = Array.from({ length: 50 }, (_, t) => 3 + 2 * t);
    const tr = localLinearTrend(x, 10);
    expect(tr[0]).toBeCloseTo(3, 9);
    expect(tr[49]).toBeCloseTo(101, 9);
  });
});

describe('damped trend', () => {
  it('keeps a linear trend going and a flat series flat', () => {
    const line = Array.from({ length: 300 }, (_, t) => 50 + 0.5 * t + (t % 2 ? 0.2 : -0.2));
    const f = trendForecast(fitTrend(line), 10);
    expect(f[9] as number).toBeGreaterThan(50 + 0.5 * 305);
    const flat = Array.from({ length: 300 }, (_, t) => 20 + (t % 3) * 0.1);
    const g = trendForecast(fitTrend(flat), 24);
    expect(Math.abs((g[23] as number) - 20.1)).toBeLessThan(0.2);
  });
});
