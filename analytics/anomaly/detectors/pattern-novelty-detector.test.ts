import { describe, expect, it } from 'vitest';
import { createNoveltyDetector } from './novelty-detector.js';
import { createPatternNoveltyDetector, createRarity } from './pattern-novelty-detector.js';

const STEP = 5 * 60_000;
const START = Date.parse('2026-02-02T00:00:00Z');
const DAY_ROWS = 288;

/** A daily cycle with deterministic noise; `bump(i)` is added at row i. */
function series(rows: number, bump: (i: number) => number): number[] {
  let seed = 11;
  const noise = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  return Array.from(
    { length: rows },
    (_, i) => 100 + 30 * Math.sin((2 * Math.PI * i) / DAY_ROWS) + 4 * noise() + bump(i),
  );
}

function scoresOf(make: () => { next(atMs: number, v: number): number }, values: number[]): number[] {
  const d = make();
  return values.map((v, i) => d.next(START + i * STEP, v));
}

describe('pattern novelty detector', () => {
  const from = 8 * DAY_ROWS + 100;
  // A rhythm the series never had, inside its usual range: ±20 on alternate rows for two hours.
  // Each point is only ~1σ off its hour's norm (the daily swing makes σ ≈ 21), so the hour says little.
  const zigzag = (i: number) => (i >= from && i < from + 24 ? (i % 2 === 0 ? 20 : -20) : 0);
  const values = series(10 * DAY_ROWS, zigzag);

  it('finds a new rhythm inside the usual range, which the hour-of-day norm alone scores lower', () => {
    const pattern = scoresOf(() => createPatternNoveltyDetector({ gateRows: 150 }), values);
    const novelty = scoresOf(() => createNoveltyDetector({ gateRows: 150 }), values);
    const during = (s: number[]) => Math.max(...s.slice(from, from + 24));
    expect(during(pattern)).toBeGreaterThan(0.99);
    expect(during(novelty)).toBeLessThan(0.9); // 0.79 when written
    // Before it, over the last two days, nothing the new detector says comes close.
    expect(Math.max(...pattern.slice(from - 2 * DAY_ROWS, from))).toBeLessThan(during(pattern));
  });

  it('speaks once per incident and is streaming', () => {
    const spike = series(10 * DAY_ROWS, (i) => (i >= from && i < from + 24 ? 200 : 0));
    const s = scoresOf(() => createPatternNoveltyDetector({ gateRows: 150 }), spike);
    expect(s.slice(from, from + 24).filter((x) => x > 0.9)).toHaveLength(1);
    const prefix = scoresOf(() => createPatternNoveltyDetector({ gateRows: 150 }), spike.slice(0, from + 5));
    expect(prefix).toEqual(s.slice(0, from + 5));
  });

  it('stays silent on a constant series and copes with NaN and a short series', () => {
    expect(scoresOf(() => createPatternNoveltyDetector(), new Array(2000).fill(42)).every((x) => x === 0)).toBe(true);
    const gaps = series(3 * DAY_ROWS, () => 0).map((v, i) => (i % 50 === 0 ? Number.NaN : v));
    const g = scoresOf(() => createPatternNoveltyDetector({ gateRows: 100 }), gaps);
    expect(g.every((x) => Number.isFinite(x) && x >= 0 && x <= 1)).toBe(true);
    expect(scoresOf(() => createPatternNoveltyDetector(), [1, 2, 3]).every((x) => x === 0)).toBe(true);
  });

  it('rejects bad options with a clear error', () => {
    expect(() => createPatternNoveltyDetector({ gateRows: 0 })).toThrow(/gateRows, rankMemory and dedupRows/);
    expect(() => createPatternNoveltyDetector({ noveltyRatio: 0.5 })).toThrow(/noveltyRatio ≥ 1/);
    expect(() => createPatternNoveltyDetector({ pattern: { window: 0 } })).toThrow(/window and memory/);
  });

  it('rarity is −ln(1 − share below), 0 for the first reading', () => {
    const r = createRarity(100);
    expect(r.next(5)).toBeCloseTo(-Math.log(1 + 1e-4), 12);
    r.next(1);
    r.next(2);
    // 3 readings so far (5, 1, 2), all below 10: share 1 → −ln(1e-4).
    expect(r.next(10)).toBeCloseTo(-Math.log(1e-4), 9);
  });
});
