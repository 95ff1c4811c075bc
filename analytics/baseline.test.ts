import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../tools/config/fleet-schema.js';
import { type BaselineInput, computeBaseline } from './baseline.js';
import type { Resource, Series, WorkUnit } from './types.js';

const thresholds = thresholdsSchema.parse({});
const STEP = 300_000;
const DAYS = 35;
const N = (DAYS * 86_400_000) / STEP;
const unit: WorkUnit = {
  id: 'wu-a',
  cloudRegion: 'test',
  timezone: 'UTC',
  state: 'active',
  limits: { connections: 100_000, networkMbps: 10_000 },
};

function series(f: (i: number) => number): Series {
  const values = new Float64Array(N);
  for (let i = 0; i < N; i++) values[i] = f(i);
  return { startMs: 0, stepMs: STEP, values };
}

/** Daily sinusoid peaking at `peak` rps; cpu binds (0.05 + 0.6 × load/peak), with a 02:00 backup at low load. */
function history(opts: { peak: number; surgeDay?: number; surgeFactor?: number }): BaselineInput {
  const load = series((i) => {
    const hour = ((i * STEP) / 3_600_000) % 24;
    const base = opts.peak * (0.65 + 0.35 * Math.cos(((hour - 21) / 24) * 2 * Math.PI));
    const day = Math.floor((i * STEP) / 86_400_000);
    return day === opts.surgeDay && hour >= 19 && hour < 23 ? base * (opts.surgeFactor ?? 1) : base;
  });
  const hourOf = (i: number) => ((i * STEP) / 3_600_000) % 24;
  const cpu = series((i) =>
    hourOf(i) >= 2 && hourOf(i) < 3 ? 0.9 : 0.05 + (0.6 * (load.values[i] as number)) / opts.peak,
  );
  const utilisation: Record<Resource, Series> = {
    cpu,
    memory: series((i) => 0.2 + (0.3 * (load.values[i] as number)) / opts.peak),
    connections: series((i) => 0.1 + (0.4 * (load.values[i] as number)) / opts.peak),
    network: series((i) => (0.35 * (load.values[i] as number)) / opts.peak),
  };
  return {
    workUnit: unit,
    load,
    utilisation,
    errorRate: series(() => 0.001),
    latencyP95: series(() => 120),
    thresholds,
  };
}

describe('computeBaseline', () => {
  it('finds the binding resource and extrapolates the healthy limit when history never neared it', () => {
    const b = computeBaseline(history({ peak: 10_000 }));
    expect(b.bindingResource).toBe('cpu');
    // cpu hits utilisationFiring (0.95) at (0.95 - 0.05) / 0.6 × 10 000 = 15 000 rps; safe = 80 % of it.
    expect(b.safeCapacity).toBeCloseTo(0.8 * 15_000, -1);
    expect(b.saturationLoad).toBeCloseTo((0.95 / 0.6) * 10_000, -1);
    expect(b.extrapolated).toBe(true);
    expect(b.confidence).toBe('medium');
    expect(b.evidence).toHaveLength(5);
    expect(b.notes[0]).toMatch(/extrapolated/);
  });

  it('ignores the nightly backup at low load when fitting', () => {
    const b = computeBaseline(history({ peak: 10_000 }));
    expect(b.saturationByResource.cpu).toBeGreaterThan(14_000);
  });

  it('uses the highest healthy load when history reached near the limit (seed rule)', () => {
    const b = computeBaseline(history({ peak: 10_000, surgeDay: 20, surgeFactor: 1.42 }));
    expect(b.extrapolated).toBe(false);
    expect(b.confidence).toBe('high');
    expect(b.safeCapacity).toBeCloseTo(0.8 * b.maxHealthyLoad, 6);
    expect(b.evidence[0]!.atMs).toBeGreaterThanOrEqual(20 * 86_400_000);
  });

  it('falls back to the declared hint for a unit without loaded history', () => {
    const input = history({ peak: 10_000 });
    const empty = series(() => Number.NaN);
    const b = computeBaseline({ ...input, workUnit: { ...unit, capacityHintRps: 5000 }, load: empty });
    expect(b.safeCapacity).toBe(4000);
    expect(b.confidence).toBe('low');
    expect(b.notes[0]).toMatch(/capacity hint/);
  });
});
