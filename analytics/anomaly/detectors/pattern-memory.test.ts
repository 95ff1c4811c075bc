import { describe, expect, it } from 'vitest';
import { createPatternMemory } from './pattern-memory.js';

/** A 20-point repeating shape with small deterministic noise. */
function periodic(rows: number): number[] {
  let seed = 3;
  return Array.from({ length: rows }, (_, i) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return 50 + 10 * Math.sin((2 * Math.PI * i) / 20) + (seed / 2 ** 31 - 0.5);
  });
}

function readingsOf(values: number[], opts?: Parameters<typeof createPatternMemory>[0]): number[] {
  const memory = createPatternMemory(opts);
  return values.map((v) => memory.next(v));
}

/** Brute force: RMS distance (in σ of the values so far) to the nearest earlier non-overlapping window. */
function bruteForce(values: number[], w: number, memory: number): number[] {
  return values.map((_, t) => {
    const seen = values.slice(0, t + 1);
    const mean = seen.reduce((a, b) => a + b, 0) / seen.length;
    const sigma = Math.sqrt(seen.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, seen.length - 1));
    if (t + 1 < 2 * w + 1 || !(sigma > 1e-12 * Math.max(1, Math.abs(mean)))) return 0;
    let best = Number.POSITIVE_INFINITY;
    for (let lag = w; lag <= Math.min(w + memory - 1, t + 1 - w); lag++) {
      let acc = 0;
      for (let j = 0; j < w; j++) acc += ((values[t - j] as number) - (values[t - lag - j] as number)) ** 2;
      best = Math.min(best, acc);
    }
    return Math.sqrt(best / w) / sigma;
  });
}

describe('pattern memory', () => {
  it('reads near 0 on a shape seen before and high on a spike the shape never had', () => {
    const values = periodic(400);
    values[300] = 90; // within 4σ of nothing seen: four times the swing
    const r = readingsOf(values);
    expect(Math.max(...r.slice(100, 295))).toBeLessThan(0.2);
    expect(r[300]).toBeGreaterThan(1);
    // Once the spike has left the window, the shape is familiar again.
    expect(Math.max(...r.slice(320, 400))).toBeLessThan(0.2);
  });

  it('agrees with brute force, including the memory limit', () => {
    const values = periodic(150).map((v, i) => v + (i % 37 === 0 ? 15 : 0));
    for (const [w, memory] of [
      [12, 6000],
      [5, 7],
      [1, 1],
    ] as const) {
      const fast = readingsOf(values, { window: w, memory });
      const slow = bruteForce(values, w, memory);
      for (const [i, v] of fast.entries()) expect(v).toBeCloseTo(slow[i] as number, 9);
    }
  });

  it('is streaming and does not change with the scale of the series', () => {
    const values = periodic(200);
    values[150] = 80;
    const full = readingsOf(values);
    expect(readingsOf(values.slice(0, 151))).toEqual(full.slice(0, 151));
    const scaled = readingsOf(values.map((v) => 1000 * v));
    for (const [i, v] of scaled.entries()) expect(v).toBeCloseTo(full[i] as number, 9);
  });

  it('reads 0 on a constant series, on a series too short for two windows, and on non-finite values', () => {
    expect(readingsOf(new Array(100).fill(7)).every((v) => v === 0)).toBe(true);
    expect(readingsOf(periodic(24)).every((v) => v === 0)).toBe(true); // 24 < 2 · 12 + 1
    const withGaps = periodic(200);
    withGaps[120] = Number.NaN;
    withGaps[121] = Number.POSITIVE_INFINITY;
    const r = readingsOf(withGaps);
    expect(r[120]).toBe(0);
    expect(r[121]).toBe(0);
    expect(r.every(Number.isFinite)).toBe(true);
  });

  it('rejects a window or memory that is not a positive integer', () => {
    for (const bad of [{ window: 0 }, { window: 2.5 }, { memory: 0 }, { memory: Number.NaN }]) {
      expect(() => createPatternMemory(bad)).toThrow(/window and memory must be positive integers/);
    }
  });
});
