// A synthetic fleet of any size (for benchmarks of the planner and baselines at scale): ids,
// timezones, routing to nearby units, a TTFB matrix and prices that grow with distance.
import { HeadroomError } from '../../analytics/errors.js';
import type { ClientRegion, FleetModel, LatencyPair, WorkUnit } from '../../analytics/types.js';
import { thresholdsSchema } from '../config/fleet-schema.js';
import { uniform } from './hash.js';

export interface GenerateFleetOptions {
  workUnits: number;
  clientRegions: number;
  seed: number;
  /** Share of work units kept as cold standbys (default 0.1; at least two units stay active). */
  coldStandbyShare?: number;
  name?: string;
}

/** Timezones with their standard UTC offset (hours), used for distance: nearby zones route to each other. */
const TIMEZONES: readonly [string, number][] = [
  ['Pacific/Honolulu', -10],
  ['America/Anchorage', -9],
  ['America/Los_Angeles', -8],
  ['America/Denver', -7],
  ['America/Chicago', -6],
  ['America/New_York', -5],
  ['America/Halifax', -4],
  ['America/Sao_Paulo', -3],
  ['Atlantic/Azores', -1],
  ['Europe/London', 0],
  ['Europe/Dublin', 0],
  ['Europe/Berlin', 1],
  ['Europe/Paris', 1],
  ['Europe/Athens', 2],
  ['Africa/Johannesburg', 2],
  ['Europe/Istanbul', 3],
  ['Asia/Dubai', 4],
  ['Asia/Karachi', 5],
  ['Asia/Kolkata', 5.5],
  ['Asia/Dhaka', 6],
  ['Asia/Bangkok', 7],
  ['Asia/Singapore', 8],
  ['Asia/Tokyo', 9],
  ['Australia/Sydney', 10],
  ['Pacific/Auckland', 12],
];

export function generateFleet(options: GenerateFleetOptions): FleetModel {
  const { workUnits: unitCount, clientRegions: regionCount, seed } = options;
  if (!Number.isInteger(unitCount) || unitCount < 2 || !Number.isInteger(regionCount) || regionCount < 1) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `generateFleet needs an integer workUnits ≥ 2 and clientRegions ≥ 1 (got ${unitCount}, ${regionCount})`,
    );
  }
  const coldShare = options.coldStandbyShare ?? 0.1;
  const pad = (n: number, total: number) => String(n).padStart(String(total).length, '0');
  const tzOf = (kind: number, i: number) => TIMEZONES[Math.floor(uniform(seed, kind, i) * TIMEZONES.length)]!;

  const unitOffsets: number[] = [];
  const workUnits: WorkUnit[] = Array.from({ length: unitCount }, (_, i) => {
    const [timezone, offset] = tzOf(1, i);
    unitOffsets.push(offset);
    const cold = i >= 2 && uniform(seed, 2, i) < coldShare;
    const unit: WorkUnit = {
      id: `wu-${pad(i, unitCount)}`,
      cloudRegion: `sim/${timezone.toLowerCase().replace(/[^a-z]+/g, '-')}-${i}`,
      timezone,
      state: cold ? 'cold-standby' : 'active',
      limits: {
        connections: Math.round(100_000 + 300_000 * uniform(seed, 3, i)),
        networkMbps: Math.round(8_000 + 32_000 * uniform(seed, 4, i)),
      },
    };
    if (cold) unit.capacityHintRps = Math.round(5_000 + 10_000 * uniform(seed, 5, i));
    return unit;
  });

  const regionOffsets: number[] = [];
  const weights = Array.from({ length: regionCount }, (_, r) => 0.5 + uniform(seed, 6, r));
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const clientRegions: ClientRegion[] = weights.map((w, r) => {
    const [timezone, offset] = tzOf(7, r);
    regionOffsets.push(offset);
    return { id: `cr-${pad(r, regionCount)}`, timezone, trafficShare: w / weightSum };
  });

  const distance = (r: number, u: number) => {
    const d = Math.abs(regionOffsets[r]! - unitOffsets[u]!) % 24;
    return Math.min(d, 24 - d);
  };
  const active = workUnits.map((u, i) => (u.state === 'active' ? i : -1)).filter((i) => i >= 0);
  const nearestUnits = (r: number) =>
    [...active].sort((a, b) => distance(r, a) - distance(r, b) || uniform(seed, 8, r, a) - uniform(seed, 8, r, b));

  // Every active unit serves its nearest client region, so none sits idle; each region also spills a
  // little to the nearest unit it does not already use.
  const servedBy: number[][] = clientRegions.map(() => []);
  for (const u of active) {
    let best = 0;
    for (let r = 1; r < regionCount; r++) {
      const closer = distance(r, u) - distance(best, u);
      if (closer < 0 || (closer === 0 && uniform(seed, 9, u, r) < uniform(seed, 9, u, best))) best = r;
    }
    servedBy[best]!.push(u);
  }
  const routing: FleetModel['routing'] = {};
  clientRegions.forEach((region, r) => {
    const ranked = nearestUnits(r);
    const main = servedBy[r]!.length > 0 ? servedBy[r]! : [ranked[0]!];
    const spill = ranked.find((u) => !main.includes(u));
    const raw = main.map((u) => ({ u, w: 0.5 + uniform(seed, 10, r, u) }));
    const rawSum = raw.reduce((s, x) => s + x.w, 0);
    const mainShare = spill === undefined ? 1 : 0.85;
    const row: Record<string, number> = {};
    for (const { u, w } of raw) row[workUnits[u]!.id] = (mainShare * w) / rawSum;
    if (spill !== undefined) row[workUnits[spill]!.id] = 1 - mainShare;
    routing[region.id] = row;
  });

  const ttfb: FleetModel['ttfb'] = {};
  const transferCostPerGb: FleetModel['transferCostPerGb'] = {};
  clientRegions.forEach((region, r) => {
    const row: Record<string, LatencyPair> = {};
    workUnits.forEach((unit, u) => {
      const p50 = Math.round(18 + 18 * distance(r, u) + 10 * uniform(seed, 11, r, u));
      row[unit.id] = { p50, p95: Math.round(p50 * (1.7 + 0.5 * uniform(seed, 12, r, u))) };
      transferCostPerGb[unit.id] ??= {};
      transferCostPerGb[unit.id]![region.id] =
        Math.round((0.05 + 0.006 * distance(r, u) + 0.02 * uniform(seed, 13, r, u)) * 1000) / 1000;
    });
    ttfb[region.id] = row;
  });

  return {
    name: options.name ?? `generated-${unitCount}x${regionCount}-seed${seed}`,
    workUnits,
    clientRegions,
    routing,
    ttfb,
    transferCostPerGb,
    avgResponseKb: 180,
    objective: { latencyWeight: 1, costWeight: 20 },
    thresholds: thresholdsSchema.parse({}),
  };
}
