import { describe, expect, it } from 'vitest';
import { forecastPoints } from './capacity-forecast.js';
import { capacityView } from './capacity-view.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TODAY = Date.UTC(2026, 11, 3);
const NOW = TODAY + 9 * HOUR; // 09:00, the evening peak still ahead

/** 10 days of history, peak 1000 + 10·day at 20:00; today observed up to 09:00 (600). */
function history() {
  const startMs = TODAY - 10 * DAY;
  const values = Float64Array.from({ length: 10 * 24 + 10 }, (_, i) => {
    const day = Math.floor(i / 24);
    return i % 24 === 20 ? 1000 + 10 * day : i >= 10 * 24 ? 600 : 500;
  });
  return { startMs, stepMs: HOUR, values };
}

function view(safeCapacity: number, p90Extra = 100) {
  const first = NOW + HOUR;
  const yhat = Array.from({ length: 24 * 5 }, (_, h) => ((first + h * HOUR) % DAY === 20 * HOUR ? 1100 : 550));
  return capacityView({
    atMs: NOW,
    horizonDays: 3,
    safeCapacity,
    model: 'snaive-day',
    reason: 'test',
    backtestCoverage: 0.8,
    points: forecastPoints(
      first,
      yhat,
      yhat.map((v) => v - 50),
      yhat.map((v) => v + p90Extra),
    ),
    history: history(),
  });
}

describe('capacityView', () => {
  it('keeps complete observed days apart from today so far, and joins today with its forecast', () => {
    const v = view(2000);
    expect(v.observed).toHaveLength(10);
    expect(v.observed.at(-1)).toEqual({ dayMs: TODAY - DAY, load: 1090 });
    expect(v.todaySoFar).toEqual({ dayMs: TODAY, atMs: TODAY, load: 600 }); // first hour at the day's high
    // Today: 600 seen so far, 1100 forecast for 20:00 → the day's peak is the forecast one.
    expect(v.days[0]).toMatchObject({
      date: '2026-12-03',
      partial: true,
      p50: 1100,
      p90: 1200,
      peakAtMs: TODAY + 20 * HOUR,
    });
    // Horizon 3 days: today plus three more, nothing beyond.
    expect(v.days.map((d) => d.date)).toEqual(['2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(v.days.slice(1).every((d) => !d.partial)).toBe(true);
  });

  it('gives the next peak within 24 h with its headroom, and the first P90 crossing', () => {
    const v = view(1150);
    expect(v.nextPeak).toMatchObject({ atMs: TODAY + 20 * HOUR, p50: 1100, p90: 1200 });
    expect(v.nextPeak?.headroom).toBeCloseTo((1150 - 1100) / 1150, 10);
    expect(v.crossing).toEqual({ date: '2026-12-03', dayMs: TODAY, p90: 1200 });
    expect(view(1250).crossing).toBeNull();
  });

  it('counts what was already observed today as certain', () => {
    const v = capacityView({
      atMs: NOW,
      horizonDays: 1,
      safeCapacity: 550,
      model: 'm',
      reason: 'r',
      backtestCoverage: Number.NaN,
      points: forecastPoints(NOW + HOUR, [300, 300], [250, 250], [350, 350]),
      history: history(),
    });
    // The forecast for the rest of today stays below 550, but 600 was already seen: today crosses.
    expect(v.days[0]).toMatchObject({ p50: 600, p90: 600, p10: 600 });
    expect(v.crossing?.date).toBe('2026-12-03');
  });
});
