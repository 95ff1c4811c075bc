import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capacityNow } from './capacity-now.js';
import type { CapacityBaseline } from './types.js';

// cpu binds: 0.1 + 0.0001 × load reaches 1 at 9,000 rps; memory would only at 18,000.
const baseline: CapacityBaseline = {
  workUnit: 'wu',
  bindingResource: 'cpu',
  saturationLoad: 9_000,
  maxHealthyLoad: 7_000,
  safeCapacity: 5_600,
  extrapolated: false,
  confidence: 'high',
  evidence: [],
  saturationByResource: { cpu: 9_000, memory: 18_000, connections: Number.POSITIVE_INFINITY, network: 45_000 },
  utilisationFit: {
    cpu: { intercept: 0.1, slope: 0.0001, periodicSlots: [8, 9, 10, 11] },
    memory: { intercept: 0.1, slope: 0.00005, periodicSlots: [] },
    connections: null,
    network: { intercept: 0, slope: 1 / 45_000, periodicSlots: [] },
  },
  notes: [],
};
const AT = Date.parse('2026-03-03T21:00:00Z');
const expected = (load: number) => ({ cpu: 0.1 + 0.0001 * load, memory: 0.1 + 0.00005 * load, network: load / 45_000 });

describe('capacityNow', () => {
  it('is the learned capacity when utilisation is what history predicts (noise included)', () => {
    const e = expected(5_000);
    expect(capacityNow(baseline, AT, 5_000, { ...e, cpu: e.cpu * 1.1 })).toEqual({ safeCapacity: 5_600, kept: 1 });
  });

  it('shrinks by the binding resource running hotter than learned: half the cpu per request left → half the capacity', () => {
    const e = expected(5_000);
    const now = capacityNow(baseline, AT, 5_000, { ...e, cpu: e.cpu / 0.5 });
    expect(now.kept).toBeCloseTo(0.5, 6);
    expect(now.safeCapacity).toBeCloseTo(2_800, 3);
    expect(now).toMatchObject({
      resource: 'cpu',
      detail: 'cpu at 120 % where 60 % is expected at this load: about 50 % (45–55 %) of capacity lost',
    });
  });

  it('a non-binding resource that lost capacity binds only once it falls below the binding one', () => {
    const e = expected(5_000);
    // memory at 1/0.7 of its fit: its limit drops to 12,600 rps, still above cpu's 9,000 → no change
    expect(capacityNow(baseline, AT, 5_000, { ...e, memory: e.memory / 0.7 }).kept).toBe(1);
    // at 1/0.25: 4,500 rps, half of cpu's → half the capacity, bound by memory
    const now = capacityNow(baseline, AT, 5_000, { ...e, memory: e.memory / 0.25 });
    expect(now.kept).toBeCloseTo(0.5, 6);
    expect(now.resource).toBe('memory');
  });

  it('does not judge a resource in the hours of its learned periodic work (the nightly backup at 02:00 UTC)', () => {
    const e = expected(5_000);
    const backup = Date.parse('2026-03-04T02:30:00Z');
    expect(capacityNow(baseline, backup, 5_000, { ...e, cpu: e.cpu * 2 }).kept).toBe(1);
    expect(capacityNow(baseline, backup, 5_000, { ...e, memory: e.memory * 4 }).resource).toBe('memory');
  });

  it('judges at light load too (a loss at the overnight trough), but not noise there, nor without a load', () => {
    const e = expected(1_000);
    const now = capacityNow(baseline, AT, 1_000, { ...e, cpu: e.cpu * 3 });
    expect(now.kept).toBeCloseTo(1 / 3, 6);
    expect(now.lost).toMatchObject({ atLeast: false });
    expect(now.lost!.low).toBeLessThan(2 / 3);
    expect(now.lost!.high).toBeGreaterThan(2 / 3);
    expect(capacityNow(baseline, AT, 1_000, { ...e, cpu: e.cpu + 0.02 }).kept).toBe(1);
    expect(capacityNow(baseline, AT, Number.NaN, { cpu: 0.99 }).kept).toBe(1);
  });

  it('a utilisation clamped at exactly 100 % bounds the loss from below and says so', () => {
    const e = expected(5_000);
    const now = capacityNow(baseline, AT, 5_000, { ...e, cpu: 1 });
    expect(now.lost).toMatchObject({ atLeast: true });
    expect(now.detail).toBe('cpu clamped at 100 % where 60 % is expected at this load: at least 34 % of capacity lost');
  });

  it('never raises capacity, never drops it below 2 %, whatever the readings', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        fc.record({
          cpu: fc.double({ min: 0, max: 5, noNaN: true }),
          memory: fc.double({ min: 0, max: 5, noNaN: true }),
          network: fc.double({ min: 0, max: 5, noNaN: true }),
        }),
        (load, utilisation) => {
          const now = capacityNow(baseline, AT, load, utilisation);
          expect(now.safeCapacity).toBeLessThanOrEqual(baseline.safeCapacity);
          expect(now.kept).toBeGreaterThanOrEqual(0.02);
          if (now.lost) expect(now.lost.low).toBeLessThanOrEqual(now.lost.fraction + 1e-12);
          if (now.lost) expect(now.lost.high).toBeGreaterThanOrEqual(now.lost.fraction - 1e-12);
          expect(now.safeCapacity).toBeCloseTo(baseline.safeCapacity * now.kept, 6);
        },
      ),
    );
  });
});
