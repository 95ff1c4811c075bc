import type { ClientRegionId, FleetModel, WorkUnitId } from './types.js';

export interface AffinityEntry {
  workUnit: WorkUnitId;
  p50: number;
  p95: number;
  rank: number;
}

/** Work units ranked for one client region by measured TTFB p95, then p50, then id (stable). */
export function affinityRanking(fleet: FleetModel, clientRegion: ClientRegionId): AffinityEntry[] {
  const row = fleet.ttfb[clientRegion];
  if (!row) return [];
  return Object.entries(row)
    .map(([workUnit, pair]) => ({ workUnit, p50: pair.p50, p95: pair.p95 }))
    .sort((a, b) => a.p95 - b.p95 || a.p50 - b.p50 || a.workUnit.localeCompare(b.workUnit))
    .map((e, i) => ({ ...e, rank: i + 1 }));
}
