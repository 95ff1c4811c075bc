import { describe, expect, it } from 'vitest';
import { replaceLabelledRanges } from './forecast-history-clean.js';

const WEEK = 168;

/** Four weeks of an hourly week-shaped load, with week 3's Wednesday a holiday at 30 %. */
function weeks(): number[] {
  return Array.from({ length: 4 * WEEK }, (_, i) => {
    const hour = i % 24;
    const weekday = Math.floor(i / 24) % 7;
    const base = 100 + 50 * Math.sin((2 * Math.PI * hour) / 24) + (weekday >= 5 ? -30 : 0);
    const holiday = i >= 2 * WEEK + 48 && i < 2 * WEEK + 72;
    return holiday ? 0.3 * base : base + (i % 7) * 0.1;
  });
}

describe('replaceLabelledRanges', () => {
  it('replaces a labelled holiday by the same hours of the week from the clean weeks around it', () => {
    const y = weeks();
    const from = 2 * WEEK + 48;
    const r = replaceLabelledRanges(y, [{ from, to: from + 24 }], WEEK);
    expect(r.replaced).toBe(24);
    expect(r.kept).toBe(0);
    for (let i = from; i < from + 24; i++) {
      const neighbours = [y[i - WEEK], y[i + WEEK], y[i - 2 * WEEK]] as number[];
      expect(r.values[i]).toBeGreaterThanOrEqual(Math.min(...neighbours));
      expect(r.values[i]).toBeLessThanOrEqual(Math.max(...neighbours));
    }
    // Outside the range nothing changes, and the input is left as it was.
    for (let i = 0; i < y.length; i++) if (i < from || i >= from + 24) expect(r.values[i]).toBe(y[i]);
    expect(y[from]).toBeLessThan(50);
  });

  it('does not use other labelled samples, clips ranges to the series, and keeps what it cannot fill', () => {
    const y = weeks();
    // Every week's hour 10 is labelled: no clean sample at that phase, so it is kept.
    const ranges = [0, 1, 2, 3].map((k) => ({ from: k * WEEK + 10, to: k * WEEK + 11 }));
    const r = replaceLabelledRanges(y, [...ranges, { from: -5, to: 2 }, { from: 4 * WEEK - 1, to: 9999 }], WEEK);
    expect(r.kept).toBe(4);
    expect(r.replaced).toBe(3); // rows 0, 1 and the last row
    expect(r.values[10]).toBe(y[10]);
    expect(r.values.length).toBe(y.length);
  });

  it('skips non-finite neighbours and leaves a series without ranges unchanged', () => {
    const y = weeks();
    y[WEEK + 5] = Number.NaN;
    const r = replaceLabelledRanges(y, [{ from: 2 * WEEK + 5, to: 2 * WEEK + 6 }], WEEK, 1);
    expect(r.values[2 * WEEK + 5]).toBe(y[3 * WEEK + 5]); // only the week after is usable
    expect(Array.from(replaceLabelledRanges(y, [], WEEK).values)).toEqual(y);
  });

  it('rejects a bad period or range with a clear error', () => {
    expect(() => replaceLabelledRanges([1, 2], [], 0)).toThrow(/period and periods must be positive integers/);
    expect(() => replaceLabelledRanges([1, 2], [], 24, 1.5)).toThrow(/period and periods/);
    expect(() => replaceLabelledRanges([1, 2], [{ from: Number.NaN, to: 3 }], 24)).toThrow(/not finite/);
  });
});
