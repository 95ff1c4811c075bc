import { beforeAll, describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { loadAugurs } from './augurs.js';
import { forecastCapacity } from './capacity.js';
import { forecastCache, forecastSeries } from './forecast-series.js';

const HOUR_MS = 3_600_000;
const START = Date.UTC(2024, 0, 1); // a Monday

/** Daily sine (peak 20:00) times a weekend dip, deterministic noise, optional linear growth. */
function generated(hours: number, growthPerHour = 0): number[] {
  return Array.from({ length: hours }, (_, i) => {
    const hourOfDay = i % 24;
    const weekend = Math.floor(i / 24) % 7 >= 5;
    const daily = 1 + 0.4 * Math.sin((2 * Math.PI * (hourOfDay - 14)) / 24);
    const noise = 1 + 0.01 * Math.sin(i * 12.9898);
    return (1000 + growthPerHour * i) * daily * (weekend ? 0.7 : 1) * noise;
  });
}

beforeAll(async () => {
  await loadAugurs();
});

describe('forecastSeries', () => {
  it('recovers known daily and weekly seasonality', () => {
    const all = generated(24 * 7 * 6 + 168);
    const history = all.slice(0, -168);
    const f = forecastSeries(history, { horizon: 168 });
    const actual = all.slice(-168);
    const mape = actual.reduce((a, y, i) => a + Math.abs((f.yhat[i] as number) - y) / y, 0) / 168;
    expect(mape).toBeLessThan(0.03);
    // The weekend dip is forecast: Saturday's peak is well below Friday's.
    const dayPeak = (d: number) => Math.max(...f.yhat.slice(d * 24, d * 24 + 24));
    expect(dayPeak(5)).toBeLessThan(0.8 * dayPeak(4));
    // Intervals bracket the point forecast.
    f.yhat.forEach((y, i) => {
      expect(f.lo[i]).toBeLessThanOrEqual(y);
      expect(f.hi[i]).toBeGreaterThanOrEqual(y);
    });
  });

  it('serves a repeated question from the cache', () => {
    const y = generated(24 * 30);
    forecastSeries(y, { horizon: 24 });
    const hits = forecastCache.hits;
    const again = forecastSeries(Float64Array.from(y), { horizon: 24 });
    expect(forecastCache.hits).toBe(hits + 1);
    expect(again.yhat).toHaveLength(24);
    forecastSeries(y, { horizon: 25 });
    expect(forecastCache.hits).toBe(hits + 1); // other options, other key
  });

  it('fills gaps before fitting', () => {
    const y = generated(24 * 28);
    for (let i = 300; i < 310; i++) y[i] = Number.NaN;
    const f = forecastSeries(y, { horizon: 24 });
    expect(f.yhat.every(Number.isFinite)).toBe(true);
  });

  it('says the minimum when the series is too short', () => {
    expect(() => forecastSeries(generated(30), { horizon: 24 })).toThrow(/too short.*minimum is 48/);
    expect(() => forecastSeries(generated(30), { horizon: 24 })).toThrow(HeadroomError);
  });
});

describe('forecastCapacity', () => {
  it('dates the crossing of a series with known growth', async () => {
    // Weekday peak grows 1.4 × (1000 + 0.5·h); safe capacity 1960 is first exceeded at h ≈ 800.
    const history = generated(24 * 7 * 4, 0.5);
    const nowMs = START + (history.length - 1) * HOUR_MS;
    const out = await forecastCapacity({
      hourlyLoad: { startMs: START, stepMs: HOUR_MS, values: Float64Array.from(history) },
      safeCapacity: 1960,
      horizonDays: 30,
      nowMs,
    });
    expect(out.dailyPeaks.length).toBeGreaterThanOrEqual(30);
    // True P50 crossing: first weekday with peak > 1960, i.e. h > 800 → 2024-02-03 is a Saturday,
    // so Monday 2024-02-05 for the median; P90 crosses no later than that and not before late January.
    expect(out.crossesAt).not.toBeNull();
    const crossing = Date.parse(out.crossesAt as string);
    expect(crossing).toBeGreaterThanOrEqual(Date.UTC(2024, 0, 27));
    expect(crossing).toBeLessThanOrEqual(Date.UTC(2024, 1, 5));
    const noCross = await forecastCapacity({
      hourlyLoad: { startMs: START, stepMs: HOUR_MS, values: Float64Array.from(history) },
      safeCapacity: 1e6,
      horizonDays: 30,
      nowMs,
    });
    expect(noCross.crossesAt).toBeNull();
  });
});

describe('proxy screening of the MSTL pair', () => {
  it('fits only one of mstl / mstl-log and says which was screened out', async () => {
    const { forecastWithSelection } = await import('../../analytics/forecast/forecaster.js');
    const augurs = await loadAugurs();
    const history = generated(24 * 7 * 6, 0.5);
    const f = forecastWithSelection(augurs, history, { horizon: 48 });
    const notFitted = ['mstl', 'mstl-log'].filter((m) => f.backtest[m] === Number.POSITIVE_INFINITY);
    expect(notFitted).toHaveLength(1);
    expect(f.reason).toContain(`not fitted: ${notFitted[0]}`);
    // Off: both are backtested.
    const g = forecastWithSelection(augurs, history, { horizon: 48, screen: false });
    expect(Number.isFinite(g.backtest.mstl as number) && Number.isFinite(g.backtest['mstl-log'] as number)).toBe(true);
  });
});
