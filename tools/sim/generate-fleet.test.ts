import { describe, expect, it } from 'vitest';
import { fleetFileSchema } from '../config/fleet-schema.js';
import { SIM_STEP_MS } from './clock.js';
import { generateFleet } from './generate-fleet.js';
import { SimulatedFleet } from './simulated-fleet.js';
import { days, TUESDAY_2100Z } from './test-fixtures.js';

describe('generateFleet', () => {
  const fleet = generateFleet({ workUnits: 200, clientRegions: 50, seed: 3 });

  it('produces a fleet the fleet schema accepts, with default thresholds', () => {
    const parsed = fleetFileSchema.safeParse(fleet);
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 3)).toEqual([]);
    expect(fleet.workUnits).toHaveLength(200);
    expect(fleet.clientRegions).toHaveLength(50);
    expect(fleet.thresholds.headroomWarning).toBe(0.2);
    expect(fleet.workUnits.some((u) => u.state === 'cold-standby')).toBe(true);
  });

  it('is deterministic by seed', () => {
    expect(generateFleet({ workUnits: 200, clientRegions: 50, seed: 3 })).toEqual(fleet);
    expect(generateFleet({ workUnits: 200, clientRegions: 50, seed: 4 })).not.toEqual(fleet);
  });

  it('routes traffic to every active unit, so the simulation serves load everywhere', () => {
    const sim = new SimulatedFleet(fleet, { seed: 3 });
    const range = { startMs: TUESDAY_2100Z - days(1), endMs: TUESDAY_2100Z, stepMs: SIM_STEP_MS };
    const started = performance.now();
    const load = sim.unitRange('load', range);
    const cpu = sim.unitRange('cpu', range);
    console.log(`200 units × 1 day of load + cpu: ${(performance.now() - started).toFixed(0)} ms`);
    for (const unit of fleet.workUnits) {
      const peak = Math.max(...load.get(unit.id)!.values);
      if (unit.state === 'active') expect(peak, unit.id).toBeGreaterThan(10);
      expect(Math.max(...cpu.get(unit.id)!.values), unit.id).toBeLessThanOrEqual(1);
    }
  });

  it('rejects sizes that cannot make a fleet', () => {
    expect(() => generateFleet({ workUnits: 1, clientRegions: 5, seed: 1 })).toThrow(/workUnits ≥ 2/);
    expect(() => generateFleet({ workUnits: 10, clientRegions: 0, seed: 1 })).toThrow(/clientRegions ≥ 1/);
  });
});
