import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, TimezoneClock } from './clock.js';
import { smoothNoise, uniform } from './hash.js';
import { diurnalFactor, PEAK_HOUR, TROUGH_FRACTION, TROUGH_HOUR, weeklyFactor } from './traffic.js';

describe('diurnal and weekly shapes', () => {
  it('peaks at 21:30 local and bottoms out at 04:00 at 35 % of the peak', () => {
    const hours = Array.from({ length: 24 * 12 }, (_, i) => i / 12);
    const values = hours.map(diurnalFactor);
    expect(hours[values.indexOf(Math.max(...values))]).toBe(PEAK_HOUR);
    expect(hours[values.indexOf(Math.min(...values))]).toBe(TROUGH_HOUR);
    expect(Math.min(...values)).toBeCloseTo(TROUGH_FRACTION, 6);
    expect(Math.max(...values)).toBeCloseTo(1, 6);
  });

  it('is smooth: no 5-minute rise above 1 % of the peak (so no herd), no fall above 2 %', () => {
    for (let h = 0; h < 24; h += 1 / 12) {
      const change = diurnalFactor(h + 1 / 12) - diurnalFactor(h);
      expect(change).toBeLessThan(0.01);
      expect(change).toBeGreaterThan(-0.02);
    }
  });

  it('lifts Saturday and Sunday by 10 % and leaves weekdays alone, ramping without steps', () => {
    expect(weeklyFactor(3, 21)).toBe(1); // Wednesday
    expect(weeklyFactor(6, 21)).toBeCloseTo(1.1, 6); // Saturday
    expect(weeklyFactor(0, 14)).toBeCloseTo(1.1, 6); // Sunday
    expect(weeklyFactor(1, 1)).toBe(1); // Monday night is back to normal
    for (let weekday = 0; weekday < 7; weekday++) {
      for (let h = 0; h < 24; h += 1 / 12) {
        const next = h + 1 / 12 >= 24 ? weeklyFactor((weekday + 1) % 7, 0) : weeklyFactor(weekday, h + 1 / 12);
        expect(Math.abs(next - weeklyFactor(weekday, h))).toBeLessThan(0.01);
      }
    }
  });
});

describe('TimezoneClock', () => {
  const clock = new TimezoneClock();

  it('agrees with Intl across a DST change, hour by hour', () => {
    // Europe/Berlin springs forward on 2026-03-29 at 01:00 UTC.
    const start = Date.UTC(2026, 2, 28);
    for (let t = start; t < start + 3 * DAY_MS; t += HOUR_MS) {
      const localHour = Number(
        new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', hour: 'numeric', hourCycle: 'h23' }).format(t),
      );
      expect(Math.floor(clock.local('Europe/Berlin', t).hour)).toBe(localHour);
    }
  });

  it('handles half-hour offsets and local weekdays', () => {
    const t = Date.UTC(2026, 2, 3, 20, 0); // Tuesday 20:00 UTC = Wednesday 01:30 in Kolkata
    const local = clock.local('Asia/Kolkata', t);
    expect(local.hour).toBeCloseTo(1.5, 9);
    expect(local.weekday).toBe(3);
    expect(clock.local('America/Los_Angeles', t).weekday).toBe(2);
  });
});

describe('counter-based randomness', () => {
  it('is a pure function of its coordinates', () => {
    expect(uniform(7, 1, 2, 3)).toBe(uniform(7, 1, 2, 3));
    expect(uniform(7, 1, 2, 3)).not.toBe(uniform(8, 1, 2, 3));
    expect(uniform(7, 1, 2, 5_900_000)).not.toBe(uniform(7, 1, 2, 5_900_001));
  });

  it('is roughly uniform', () => {
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += uniform(1, i);
    expect(sum / n).toBeGreaterThan(0.48);
    expect(sum / n).toBeLessThan(0.52);
  });

  it('smooth noise drifts continuously between knots', () => {
    const a = smoothNoise(1000, 100, 3);
    const b = smoothNoise(1001, 100, 3);
    expect(Math.abs(a - b)).toBeLessThan(0.05);
    expect(Math.abs(a)).toBeLessThanOrEqual(1);
  });
});
