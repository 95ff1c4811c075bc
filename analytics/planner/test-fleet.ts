// Fleets and load states for planner tests and benchmarks: the routing of a fleet turned into
// loads, and small seeded random fleets (every state, missing TTFB, units over capacity).
import type { ClientRegionId, FleetModel, LatencyPair, Thresholds, WorkUnit, WorkUnitId } from '../types.js';
import type { PlanInput } from './types.js';

export type LoadState = Pick<PlanInput, 'regionLoad' | 'unitPeakLoad' | 'safeCapacity'>;

/**
 * Loads that follow the fleet's routing for `totalRps` of global traffic; each unit's safe
 * capacity puts it at `utilisation` (a number, or per unit with a default of 0.6). Units that
 * carry nothing get their capacity hint (or 10 000 rps).
 */
export function loadsFromRouting(
  fleet: FleetModel,
  totalRps: number,
  utilisation: number | Record<WorkUnitId, number> = 0.6,
): LoadState {
  const regionLoad: Record<ClientRegionId, Record<WorkUnitId, number>> = {};
  const unitPeakLoad: Record<WorkUnitId, number> = {};
  for (const u of fleet.workUnits) unitPeakLoad[u.id] = 0;
  for (const region of fleet.clientRegions) {
    const row: Record<WorkUnitId, number> = {};
    for (const [unit, weight] of Object.entries(fleet.routing[region.id] ?? {})) {
      const load = totalRps * region.trafficShare * weight;
      row[unit] = load;
      unitPeakLoad[unit] = (unitPeakLoad[unit] ?? 0) + load;
    }
    regionLoad[region.id] = row;
  }
  const safeCapacity: Record<WorkUnitId, number> = {};
  for (const u of fleet.workUnits) {
    const util = typeof utilisation === 'number' ? utilisation : (utilisation[u.id] ?? 0.6);
    const peak = unitPeakLoad[u.id]!;
    safeCapacity[u.id] = peak > 0 ? peak / util : (u.capacityHintRps ?? 10_000);
  }
  return { regionLoad, unitPeakLoad, safeCapacity };
}

/** Small deterministic PRNG (mulberry32): the same seed gives the same fleet everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomPlanCase {
  input: PlanInput;
  /** Units the case drains (at least one active unit). */
  drain: WorkUnitId[];
}

/**
 * A random fleet and load state: units active, cold or draining, a few excluded, TTFB sometimes
 * unmeasured, utilisation from 20 % to 120 % of safe capacity, random thresholds.
 */
export function randomPlanCase(seed: number, units: number, regions: number, drainCount: number): RandomPlanCase {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const workUnits: WorkUnit[] = Array.from({ length: units }, (_, i) => ({
    id: `u${i}`,
    cloudRegion: `sim/u${i}`,
    timezone: 'UTC',
    // The first unit is always active so there is something to drain.
    state: i === 0 ? 'active' : pick(['active', 'active', 'active', 'cold-standby', 'draining'] as const),
    limits: { connections: 100_000, networkMbps: 10_000 },
  }));
  const servers = workUnits.filter((u) => u.state !== 'cold-standby');
  const clientRegions = Array.from({ length: regions }, (_, r) => ({
    id: `c${r}`,
    timezone: 'UTC',
    trafficShare: 1 / regions,
  }));
  const routing: FleetModel['routing'] = {};
  const ttfb: FleetModel['ttfb'] = {};
  const transferCostPerGb: FleetModel['transferCostPerGb'] = {};
  for (const region of clientRegions) {
    const row: Record<WorkUnitId, number> = {};
    const first = pick(servers).id;
    row[first] = 1;
    const second = pick(servers).id;
    if (second !== first) {
      row[first] = 0.7;
      row[second] = 0.3;
    }
    routing[region.id] = row;
    const latency: Record<WorkUnitId, LatencyPair> = {};
    for (const u of workUnits) {
      if (rnd() < 0.1 && !(u.id in row)) continue; // never measured
      const p50 = Math.round(15 + 200 * rnd());
      latency[u.id] = { p50, p95: Math.round(p50 * (1.5 + rnd())) };
      transferCostPerGb[u.id] ??= {};
      transferCostPerGb[u.id]![region.id] = Math.round((0.02 + 0.12 * rnd()) * 1000) / 1000;
    }
    ttfb[region.id] = latency;
  }
  const thresholds: Thresholds = {
    headroomWarning: 0.2,
    reserveAfterFailover: 0.3 * rnd(),
    safeLoadFactor: 0.8,
    pollIntervalSeconds: 300,
    signalFreshnessSeconds: 600,
    errorRateFiring: 0.05,
    latencyP95FiringMs: 800,
    utilisationFiring: 0.95,
    connectionDropRatio: 0.35,
    planningHorizonHours: 6,
    herdFactorWarm: 0.5 * rnd(),
    herdFactorCold: 0.3 + 0.7 * rnd(),
    stageMaxShareOfTarget: 0.1 + 0.4 * rnd(),
    stageIntervalMinutes: 10,
  };
  const fleet: FleetModel = {
    name: `random-${seed}`,
    workUnits,
    clientRegions,
    routing,
    ttfb,
    transferCostPerGb,
    avgResponseKb: 50 + 200 * rnd(),
    objective: { latencyWeight: rnd(), costWeight: 40 * rnd() },
    thresholds,
  };
  const utilisation = Object.fromEntries(workUnits.map((u) => [u.id, 0.2 + rnd()]));
  const state = loadsFromRouting(fleet, 1000 + 100_000 * rnd(), utilisation);
  const active = workUnits.filter((u) => u.state === 'active').map((u) => u.id);
  const drain = [...new Set(Array.from({ length: drainCount }, (_, i) => (i === 0 ? active[0]! : pick(active))))];
  const excluded: Record<WorkUnitId, string> = {};
  for (const u of workUnits)
    if (!drain.includes(u.id) && rnd() < 0.1) excluded[u.id] = 'verdict unknown: telemetry stale';
  return { input: { fleet, drain, ...state, excluded }, drain };
}
