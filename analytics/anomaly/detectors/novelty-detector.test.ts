import { describe, expect, it } from 'vitest';
import { createNoveltyDetector, createSlidingMax, createStreamingRank } from './novelty-detector.js';
import { createSeasonalDetector } from './seasonal-detector.js';

const STEP = 5 * 60_000;
const START = Date.parse('2026-02-02T00:00:00Z');
const DAY_ROWS = 288;

/** A daily cycle with deterministic noise; `bump(i)` is added at row i. */
function series(rows: number, bump: (i: number) => number): number[] {
  let seed = 7;
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

describe('novelty detector', () => {
  // Ten days; from day 8 a two-hour incident (+200, far beyond the noise and the daily swing); from day 9 a second, equal one.
  const incident = (from: number) => (i: number) => (i >= from && i < from + 24 ? 200 : 0);
  const first = 8 * DAY_ROWS + 100;
  const second = 9 * DAY_ROWS + 100;
  const values = series(10 * DAY_ROWS, (i) => incident(first)(i) + incident(second)(i));

  it('speaks only at the start of an incident, where the old seasonal score stays high throughout', () => {
    const novelty = scoresOf(() => createNoveltyDetector({ gateRows: 150 }), values);
    const old = scoresOf(() => createSeasonalDetector(), values);
    const inFirst = novelty.slice(first, first + 24);
    expect(Math.max(...inFirst)).toBeGreaterThan(0.99);
    // Only the rising edge counts: the spike reading at once, the level-shift reading (the mean of
    // the last 6 points) while it grows by more than 1.2× a row; the other 18 rows are silent…
    expect(inFirst.slice(6).every((s) => s === 0)).toBe(true);
    // …and the two channels' views of that edge are reported once.
    expect(inFirst.filter((s) => s > 0)).toHaveLength(1);
    // The old detector scores most rows of the incident as anomalous: an alert a row.
    const threshold = 0.5;
    expect(old.slice(first, first + 24).filter((s) => s > threshold).length).toBeGreaterThan(10);
  });

  it('scores a second, equal incident again once the gate has passed', () => {
    const novelty = scoresOf(() => createNoveltyDetector({ gateRows: 150 }), values);
    expect(Math.max(...novelty.slice(second, second + 24))).toBeGreaterThan(0.99);
    // Between the incidents nothing reaches what the incidents scored.
    expect(Math.max(...novelty.slice(first + 48, second))).toBeLessThan(0.99);
  });

  it('within the gate, only a reading 1.2× stronger than the last strong one counts', () => {
    const repeat = first + 60; // 60 rows after the first incident, inside a 150-row gate
    const weaker = series(10 * DAY_ROWS, (i) => incident(first)(i) + (i === repeat ? 150 : 0));
    const stronger = series(10 * DAY_ROWS, (i) => incident(first)(i) + (i === repeat ? 1000 : 0));
    expect(scoresOf(() => createNoveltyDetector({ gateRows: 150 }), weaker)[repeat]).toBe(0);
    expect(scoresOf(() => createNoveltyDetector({ gateRows: 150 }), stronger)[repeat]).toBeGreaterThan(0.99);
  });

  it('gives the same score to the same rank on metrics of very different spread', () => {
    // Equal shape, 1000× the scale: σ-based scores would differ only if floors bite; ranks cannot.
    const small = values;
    const large = values.map((v) => v * 1000);
    const a = scoresOf(() => createNoveltyDetector({ gateRows: 150 }), small);
    const b = scoresOf(() => createNoveltyDetector({ gateRows: 150 }), large);
    expect(b[first]).toBeCloseTo(a[first] as number, 6);
    expect(a.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('rejects options out of range with a clear error', () => {
    expect(() => createNoveltyDetector({ gateRows: 0 })).toThrow(/gateRows, rankMemory and dedupRows must be positive/);
    expect(() => createNoveltyDetector({ dedupRows: 0 })).toThrow(/dedupRows must be positive integers/);
    expect(() => createNoveltyDetector({ noveltyRatio: 0.5 })).toThrow(/noveltyRatio ≥ 1/);
    expect(() => createNoveltyDetector({ rankMemory: 1.5 })).toThrow(/positive integers/);
  });
});

describe('streaming rank and sliding max', () => {
  it('rank is the share of the remembered values strictly below, and forgets the oldest', () => {
    const r = createStreamingRank(3);
    expect(r.shareBelow(5)).toBe(0);
    for (const v of [10, 1, 2]) r.add(v);
    expect(r.shareBelow(5)).toBeCloseTo(2 / 3);
    r.add(3); // 10 is forgotten: {1, 2, 3}
    expect(r.shareBelow(5)).toBe(1);
    expect(r.shareBelow(2)).toBeCloseTo(1 / 3);
  });

  it('sliding max equals the brute-force maximum of the last rows', () => {
    let seed = 3;
    const m = createSlidingMax(17);
    const seen: number[] = [];
    expect(m.max()).toBe(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < 3000; i++) {
      seed = (seed * 69_069 + 1) % 2 ** 32;
      const v = seed % 1000;
      m.push(v);
      seen.push(v);
      expect(m.max()).toBe(Math.max(...seen.slice(-17)));
    }
  });
});

describe('novelty detector channels', () => {
  it('a level shift after a spike still counts: the shift has its own channel', () => {
    // A one-row spike of +600, then 40 rows later a sustained +150 shift: the shift's points are
    // each far below the spike, so one shared gate would silence them; the shift channel does not.
    const spikeAt = 8 * DAY_ROWS + 100;
    const shiftAt = spikeAt + 40;
    const values = series(
      10 * DAY_ROWS,
      (i) => (i === spikeAt ? 600 : 0) + (i >= shiftAt && i < shiftAt + 60 ? 150 : 0),
    );
    const scores = scoresOf(() => createNoveltyDetector({ gateRows: 150 }), values);
    expect(scores[spikeAt]).toBeGreaterThan(0.99);
    expect(Math.max(...scores.slice(shiftAt, shiftAt + 12))).toBeGreaterThan(0.99);
  });
});
