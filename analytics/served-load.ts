// What a drained unit really serves, client region by client region: its observed served load
// (which includes an earlier drain or move onto it), scaled to its forecast peak. The configured
// routing is only the fallback when nothing was observed, and the plan then says so.
import type { ClientRegionId, FleetModel, WorkUnitId } from './types.js';

export type RegionLoad = Record<ClientRegionId, Record<WorkUnitId, number>>;

export interface ServedLoadInput {
  fleet: FleetModel;
  drain: WorkUnitId[];
  /** Load observed now per client region and unit (rps); undefined entries are unknown. */
  observed?: RegionLoad;
  /** Forecast peak (rps) of each unit over the planning horizon (never below its current load). */
  unitPeakLoad: Record<WorkUnitId, number>;
  /** The rest of the picture (e.g. the forecast at the peak), kept for units not drained. */
  base?: RegionLoad;
}

export interface ServedLoad {
  regionLoad: RegionLoad;
  /** Where each drained unit's client-region mix comes from. */
  basis: Record<WorkUnitId, 'observed' | 'routing' | 'unknown'>;
  notes: string[];
}

/** The client-region mix of each drained unit at its forecast peak, from what it serves now. */
export function servedLoadAtPeak({ fleet, drain, observed, unitPeakLoad, base }: ServedLoadInput): ServedLoad {
  const regionLoad: RegionLoad = {};
  for (const [region, row] of Object.entries(base ?? {})) regionLoad[region] = { ...row };
  for (const region of fleet.clientRegions) regionLoad[region.id] ??= {};
  const basis: ServedLoad['basis'] = {};
  const notes: string[] = [];
  for (const d of drain) {
    const peak = unitPeakLoad[d] ?? 0;
    for (const row of Object.values(regionLoad)) delete row[d];
    const seen = mixOf(observed, d);
    const mix = seen ?? routingMix(fleet, d);
    basis[d] = seen ? 'observed' : mix ? 'routing' : 'unknown';
    if (!seen && mix) {
      notes.push(`served load of ${d} per client region is not observed: the configured routing is used instead`);
    }
    if (!mix) {
      if (peak > 0) notes.push(`cannot tell which client regions ${d} serves: neither observed nor routed`);
      continue;
    }
    for (const [region, share] of Object.entries(mix)) {
      regionLoad[region] ??= {};
      regionLoad[region]![d] = share * peak;
    }
  }
  return { regionLoad, basis, notes };
}

function mixOf(observed: RegionLoad | undefined, unit: WorkUnitId): Record<ClientRegionId, number> | undefined {
  if (!observed) return undefined;
  const loads: [ClientRegionId, number][] = [];
  for (const [region, row] of Object.entries(observed)) {
    const v = row[unit];
    if (v !== undefined && Number.isFinite(v) && v > 0) loads.push([region, v]);
  }
  return normalise(loads);
}

function routingMix(fleet: FleetModel, unit: WorkUnitId): Record<ClientRegionId, number> | undefined {
  return normalise(
    fleet.clientRegions.map((r): [ClientRegionId, number] => [
      r.id,
      r.trafficShare * (fleet.routing[r.id]?.[unit] ?? 0),
    ]),
  );
}

function normalise(loads: [ClientRegionId, number][]): Record<ClientRegionId, number> | undefined {
  const total = loads.reduce((s, [, v]) => s + (v > 0 ? v : 0), 0);
  if (!(total > 0)) return undefined;
  return Object.fromEntries(loads.filter(([, v]) => v > 0).map(([r, v]) => [r, v / total]));
}
