import { describe, expect, it } from 'vitest';
import { capacityWindow, dailyPeaks, firstCrossing } from './capacity-forecast.js';

const DAY0 = Date.UTC(2024, 2, 1);

describe('capacity view of a forecast', () => {
  it('takes the highest hour of each UTC day as its peak, P90 from the upper bound, P10 from the lower', () => {
    const yhat = Array.from({ length: 48 }, (_, i) => (i === 20 ? 10 : i === 30 ? 20 : 1));
    const hi = yhat.map((v) => v + 5);
    const lo = yhat.map((v) => v - 2);
    expect(dailyPeaks(DAY0, yhat, hi, lo)).toEqual([
      { date: '2024-03-01', p10: 8, p50: 10, p90: 15 },
      { date: '2024-03-02', p10: 18, p50: 20, p90: 25 },
    ]);
  });

  it('finds the first day whose P90 peak exceeds safe capacity, or null', () => {
    const peaks = [
      { date: '2024-03-01', p10: 70, p50: 80, p90: 95 },
      { date: '2024-03-02', p10: 75, p50: 85, p90: 101 },
      { date: '2024-03-03', p10: 80, p50: 90, p90: 99 },
    ];
    expect(firstCrossing(peaks, 100)).toBe('2024-03-02');
    expect(firstCrossing(peaks, 101)).toBeNull();
  });

  it('forecasts from the next whole hour to the end of the last day', () => {
    const w = capacityWindow(DAY0 + 10.5 * 3_600_000, 30);
    expect(new Date(w.firstMs).toISOString()).toBe('2024-03-01T11:00:00.000Z');
    expect(w.hours).toBe(13 + 30 * 24);
  });
});
