// Per-unit coefficients: how each unit's resources follow its load. Derived deterministically from
// the seed, the fleet and each unit's typical weekday peak, so a generated fleet works too.
//
// - The binding resource rotates over cpu/memory/connections/network along the fleet's unit list
//   (offset by the seed), so different units saturate on different resources.
// - At the typical peak the binding resource sits between 50 % (the loosest unit) and 75 % (the
//   tightest, ranked by declared limits per rps against the fleet median; in the example fleet
//   that is ap-south-1). Other resources sit at 55–85 % of the binding one.
import { type FleetModel, RESOURCES, type Resource, type WorkUnitId } from '../../analytics/types.js';
import { DAY_MS, type TimezoneClock } from './clock.js';
import { hashString, uniform } from './hash.js';
import { DEFAULT_GROWTH_ANCHOR_MS, type TrafficModel } from './traffic.js';

/** Utilisation of a resource (fraction of its limit) = idle + perRps × load. */
export interface ResourceCoefficients {
  idle: number;
  perRps: number;
}

export interface UnitProfile {
  workUnit: WorkUnitId;
  typicalPeakRps: number;
  bindingResource: Resource;
  /** Utilisation of the binding resource at the typical peak. */
  peakUtilisation: number;
  coefficients: Record<Resource, ResourceCoefficients>;
  latencyBaseMs: number;
  errorBase: number;
  /** Multiplier of the thundering-herd spike: 2 for a cold standby, 1 otherwise. */
  herdGain: number;
  /** Health-check requests/s a cold standby serves. */
  trickleRps: number;
  /** Nightly backup start (local hour) and length (hours); none for a cold standby. */
  backup?: { startHour: number; hours: number };
}

export interface ProfileOverride {
  bindingResource?: Resource;
  peakUtilisation?: number;
  typicalPeakRps?: number;
  latencyBaseMs?: number;
  coefficients?: Partial<Record<Resource, ResourceCoefficients>>;
}

const IDLE: Record<Resource, number> = { cpu: 0.06, memory: 0.25, connections: 0.03, network: 0.02 };
const TIGHTEST = 0.62;
const LOOSEST = 0.4;

export function deriveProfiles(
  fleet: FleetModel,
  seed: number,
  traffic: TrafficModel,
  clock: TimezoneClock,
  overrides: Readonly<Record<WorkUnitId, ProfileOverride>> = {},
): UnitProfile[] {
  const peaks = typicalPeaks(fleet, traffic, clock);
  const activePeaks = peaks.filter((_, i) => fleet.workUnits[i]!.state !== 'cold-standby');
  const fallbackPeak = Math.max(1, median(activePeaks.filter((p) => p > 0)) * 0.5);
  const sized = fleet.workUnits.map((unit, i) => {
    const override = overrides[unit.id]?.typicalPeakRps;
    if (override !== undefined) return override;
    if (unit.state === 'cold-standby') return 0.65 * (unit.capacityHintRps ?? fallbackPeak);
    return peaks[i]! > 1 ? peaks[i]! : (unit.capacityHintRps ?? fallbackPeak) * 0.65;
  });
  const peakUtilisations = rankTightness(fleet, sized);
  const rotation = Math.floor(uniform(seed, 0x0b1d) * RESOURCES.length);

  return fleet.workUnits.map((unit, i) => {
    const override = overrides[unit.id] ?? {};
    const h = hashString(unit.id);
    const typicalPeakRps = sized[i]!;
    const bindingResource = override.bindingResource ?? RESOURCES[(i + rotation) % RESOURCES.length]!;
    const peakUtilisation = override.peakUtilisation ?? peakUtilisations[i]!;
    const coefficients = {} as Record<Resource, ResourceCoefficients>;
    RESOURCES.forEach((resource, r) => {
      const target =
        resource === bindingResource ? peakUtilisation : peakUtilisation * (0.55 + 0.3 * uniform(seed, h, 0x7e5, r));
      const idle = Math.min(IDLE[resource], target * 0.5);
      coefficients[resource] = override.coefficients?.[resource] ?? {
        idle,
        perRps: (target - idle) / typicalPeakRps,
      };
    });
    const cold = unit.state === 'cold-standby';
    return {
      workUnit: unit.id,
      typicalPeakRps,
      bindingResource,
      peakUtilisation,
      coefficients,
      latencyBaseMs: override.latencyBaseMs ?? 90 + 60 * uniform(seed, h, 0x1a7),
      errorBase: 0.001 + 0.002 * uniform(seed, h, 0xe77),
      herdGain: cold ? 2 : 1,
      trickleRps: cold ? 10 + 10 * uniform(seed, h, 0x7c1) : 0,
      ...(cold
        ? {}
        : { backup: { startHour: 2 + 0.25 * uniform(seed, h, 0xbac), hours: 0.75 + 0.25 * uniform(seed, h, 0xbad) } }),
    };
  });
}

/** Noise-free weekday peak of each unit's routed load, scanned over the growth anchor's day. */
function typicalPeaks(fleet: FleetModel, traffic: TrafficModel, clock: TimezoneClock): number[] {
  const unitIndex = new Map(fleet.workUnits.map((u, i) => [u.id, i]));
  const peaks = new Array<number>(fleet.workUnits.length).fill(0);
  const samples = 144;
  for (let s = 0; s < samples; s++) {
    const ms = DEFAULT_GROWTH_ANCHOR_MS + (s * DAY_MS) / samples;
    const loads = new Array<number>(fleet.workUnits.length).fill(0);
    fleet.clientRegions.forEach((region, r) => {
      const regionLoad = traffic.typicalLoad(r, clock.local(region.timezone, ms).hour);
      for (const [wu, weight] of Object.entries(fleet.routing[region.id] ?? {})) {
        const u = unitIndex.get(wu);
        if (u !== undefined) loads[u]! += regionLoad * weight;
      }
    });
    loads.forEach((l, u) => {
      if (l > peaks[u]!) peaks[u] = l;
    });
  }
  return peaks;
}

/** Peak utilisation per unit: 75 % for the unit with the least declared limit per rps, 50 % for the most. */
function rankTightness(fleet: FleetModel, peaks: number[]): number[] {
  const connPerRps = fleet.workUnits.map((u, i) => u.limits.connections / peaks[i]!);
  const netPerRps = fleet.workUnits.map((u, i) => u.limits.networkMbps / peaks[i]!);
  const connMedian = median(connPerRps);
  const netMedian = median(netPerRps);
  const score = fleet.workUnits.map((_, i) => Math.min(connPerRps[i]! / connMedian, netPerRps[i]! / netMedian));
  const order = score.map((s, i) => ({ s, i })).sort((a, b) => a.s - b.s || a.i - b.i);
  const result = new Array<number>(peaks.length);
  const n = Math.max(1, order.length - 1);
  order.forEach(({ i }, rank) => {
    result[i] = TIGHTEST - ((TIGHTEST - LOOSEST) * rank) / n;
  });
  return result;
}

function median(values: number[]): number {
  if (values.length === 0) return 1;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
