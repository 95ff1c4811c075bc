// Bad input to the forecasting entry points: each gets a clear error naming what was wrong, or (for
// awkward but valid series) a forecast with the reason for its choice.
import { beforeAll, describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { loadAugurs } from './augurs.js';
import { forecastCapacity } from './capacity.js';
import { forecastSeries } from './forecast-series.js';

const HOUR_MS = 3_600_000;
const START = Date.UTC(2024, 0, 1);

function daily(hours: number): number[] {
  return Array.from({ length: hours }, (_, i) => 1000 + 300 * Math.sin((2 * Math.PI * (i % 24)) / 24));
}

/** The HeadroomError `run` throws (fails the test when it throws nothing or something else). */
function errorOf(run: () => unknown): HeadroomError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(HeadroomError);
    return err as HeadroomError;
  }
  throw new Error('expected a HeadroomError, nothing was thrown');
}

async function asyncErrorOf(run: () => Promise<unknown>): Promise<HeadroomError> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HeadroomError);
  return err as HeadroomError;
}

beforeAll(async () => {
  await loadAugurs();
});

describe('forecastSeries: bad history', () => {
  it('an empty history says it is empty and what the minimum is', () => {
    const err = errorOf(() => forecastSeries([], { horizon: 24 }));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toMatch(/series is empty; the minimum is 48 samples/);
  });

  it('an all-NaN history has no usable samples', () => {
    const err = errorOf(() => forecastSeries(new Array(200).fill(Number.NaN), { horizon: 24 }));
    expect(err.message).toMatch(/series too short: 0 usable samples; the minimum is 48/);
  });

  it('mostly gaps: counts only the present samples', () => {
    const y = daily(200).map((v, i) => (i % 5 === 0 ? v : Number.NaN)); // 40 present
    expect(errorOf(() => forecastSeries(y, { horizon: 24 })).message).toMatch(/40 usable samples/);
  });

  it('an infinite sample is named by its index', () => {
    const y = daily(24 * 14);
    y[57] = Number.POSITIVE_INFINITY;
    const err = errorOf(() => forecastSeries(y, { horizon: 24 }));
    expect(err.message).toMatch(/history sample 57 is Infinity: samples must be finite numbers/);
    expect(err.details).toEqual({ index: 57 });
  });

  it('shorter than two cycles of the shortest season', () => {
    expect(errorOf(() => forecastSeries(daily(47), { horizon: 24 })).message).toMatch(
      /47 usable samples.*minimum is 48/,
    );
    expect(errorOf(() => forecastSeries(daily(300), { horizon: 24, seasons: [168] })).message).toMatch(
      /300 usable samples; the minimum is 336 \(two cycles of the 168-sample season\)/,
    );
  });

  it('a horizon that is not a positive whole number of samples', () => {
    for (const horizon of [1.5, 0, -3, Number.NaN]) {
      expect(errorOf(() => forecastSeries(daily(24 * 14), { horizon })).message).toMatch(
        /horizon must be a positive whole number of samples/,
      );
    }
  });

  it('seasons, level and model names out of range', () => {
    expect(errorOf(() => forecastSeries(daily(24 * 14), { horizon: 24, seasons: [1] })).message).toMatch(
      /seasons must be whole numbers ≥ 2/,
    );
    expect(errorOf(() => forecastSeries(daily(24 * 14), { horizon: 24, level: 1.2 })).message).toMatch(
      /level must be in \(0, 1\)/,
    );
    expect(errorOf(() => forecastSeries(daily(24 * 14), { horizon: 24, models: ['arima'] })).message).toMatch(
      /unknown model "arima"/,
    );
  });

  it('a constant series still gets a forecast, with the reason for its model', () => {
    const f = forecastSeries(new Array(24 * 14).fill(500), { horizon: 24 });
    expect(f.yhat.every((v) => Math.abs(v - 500) < 1e-6)).toBe(true);
    expect(f.reason).toMatch(/lowest backtest sMAPE/);
  });
});

describe('forecastCapacity: bad input', () => {
  const hourly = { startMs: START, stepMs: HOUR_MS, values: Float64Array.from(daily(24 * 21)) };
  const nowMs = START + 24 * 21 * HOUR_MS;

  it('a step other than one hour', async () => {
    const err = await asyncErrorOf(() =>
      forecastCapacity({ hourlyLoad: { ...hourly, stepMs: 300_000 }, safeCapacity: 2000, horizonDays: 30, nowMs }),
    );
    expect(err.message).toMatch(/capacity forecasts need hourly load; got a step of 300000 ms/);
  });

  it('a horizon that is not a whole number of days', async () => {
    for (const horizonDays of [1.5, 0, Number.NaN]) {
      const err = await asyncErrorOf(() =>
        forecastCapacity({ hourlyLoad: hourly, safeCapacity: 2000, horizonDays, nowMs }),
      );
      expect(err.message).toMatch(/horizonDays must be a whole number ≥ 1/);
    }
  });

  it('a "now" that is not a time', async () => {
    const err = await asyncErrorOf(() =>
      forecastCapacity({ hourlyLoad: hourly, safeCapacity: 2000, horizonDays: 30, nowMs: Number.NaN }),
    );
    expect(err.message).toMatch(/nowMs must be a finite time, got NaN/);
  });

  it('a safe capacity that is not a positive number', async () => {
    for (const safeCapacity of [0, -5, Number.NaN]) {
      const err = await asyncErrorOf(() =>
        forecastCapacity({ hourlyLoad: hourly, safeCapacity, horizonDays: 30, nowMs }),
      );
      expect(err.message).toMatch(/safeCapacity must be a positive number/);
    }
  });

  it('"now" before the history starts', async () => {
    const err = await asyncErrorOf(() =>
      forecastCapacity({ hourlyLoad: hourly, safeCapacity: 2000, horizonDays: 30, nowMs: START - HOUR_MS }),
    );
    expect(err.message).toMatch(/no load history before now: the series starts at 2024-01-01T00:00:00.000Z/);
  });

  it('an empty history', async () => {
    const err = await asyncErrorOf(() =>
      forecastCapacity({
        hourlyLoad: { ...hourly, values: new Float64Array(0) },
        safeCapacity: 2000,
        horizonDays: 30,
        nowMs,
      }),
    );
    expect(err.message).toMatch(/series is empty/);
  });
});
