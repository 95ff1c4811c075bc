// The pieces of the planning problem: what moves (per client region, pooled over the drained
// units), who may receive it (and how much), and what each rps costs on each arc.
import { servingCostPerHour } from '../cost.js';
import type { ClientRegionId, FleetModel, WorkUnit, WorkUnitId } from '../types.js';
import type { PlanInput, RejectedCandidate } from './types.js';
import { percent } from './wording.js';

/** Load leaving one client region, pooled over the drained units. */
export interface MovedRegion {
  id: ClientRegionId;
  load: number;
  /** TTFB p95 the moved clients see today, weighted by origin; NaN when no origin is measured. */
  originP95: number;
  /** $/h per rps of serving them from their origins today, weighted by origin. */
  originCostPerRps: number;
}

export interface Candidate {
  unit: WorkUnit;
  peak: number;
  safe: number;
  herdFactor: number;
  /** Most moved load (rps) it can take: (safe × (1 − reserve) − peak) / (1 + herd), never below 0. */
  allowance: number;
  /** Why it may not receive traffic at all (excluded, draining, no capacity known); undefined if it may. */
  barredBecause?: string;
  /** Why it is degraded: used only for what no clean target can take. */
  lastResortBecause?: string;
  /** Why its allowance is below what its safe capacity leaves (the replay's cap). */
  cappedBecause?: string;
}

export function movedRegions(input: PlanInput, drained: Set<WorkUnitId>): MovedRegion[] {
  const { fleet, regionLoad } = input;
  const declared = fleet.clientRegions.map((r) => r.id);
  const extra = Object.keys(regionLoad)
    .filter((id) => !declared.includes(id))
    .sort();
  const out: MovedRegion[] = [];
  for (const id of [...declared, ...extra]) {
    const row = regionLoad[id] ?? {};
    let load = 0;
    let p95Weighted = 0;
    let p95Weight = 0;
    let cost = 0;
    for (const d of drained) {
      const l = row[d] ?? 0;
      if (l <= 0) continue;
      load += l;
      cost += servingCostPerHour(fleet, d, id, l);
      const p95 = fleet.ttfb[id]?.[d]?.p95;
      if (p95 !== undefined) {
        p95Weighted += l * p95;
        p95Weight += l;
      }
    }
    if (load > 0) {
      out.push({
        id,
        load,
        originP95: p95Weight > 0 ? p95Weighted / p95Weight : Number.NaN,
        originCostPerRps: cost / load,
      });
    }
  }
  return out;
}

export function candidatesOf(input: PlanInput, drained: Set<WorkUnitId>): Candidate[] {
  const { fleet } = input;
  const { reserveAfterFailover: reserve, herdFactorCold, herdFactorWarm } = fleet.thresholds;
  return fleet.workUnits
    .filter((unit) => !drained.has(unit.id))
    .map((unit) => {
      const safe = input.safeCapacity[unit.id] ?? Number.NaN;
      const declaredPeak = input.unitPeakLoad[unit.id];
      // A cold standby with no forecast simply carries nothing yet.
      const peak = declaredPeak ?? (unit.state === 'cold-standby' ? 0 : Number.NaN);
      const herdFactor = unit.state === 'cold-standby' ? herdFactorCold : herdFactorWarm;
      const room = safe * (1 - reserve) - peak;
      const byCapacity = Number.isFinite(room) && safe > 0 ? Math.max(0, room / (1 + herdFactor)) : 0;
      const cap = input.maxMovedLoad?.[unit.id];
      const candidate: Candidate = {
        unit,
        peak,
        safe,
        herdFactor,
        allowance: cap === undefined ? byCapacity : Math.max(0, Math.min(byCapacity, cap.load)),
      };
      if (cap !== undefined && cap.load < byCapacity) candidate.cappedBecause = cap.reason;
      const lastResort = input.lastResort?.[unit.id];
      if (lastResort !== undefined) candidate.lastResortBecause = lastResort;
      const excludedReason = input.excluded?.[unit.id];
      if (excludedReason !== undefined) candidate.barredBecause = excludedReason;
      else if (unit.state === 'draining') candidate.barredBecause = 'state is draining';
      else if (!(safe > 0)) candidate.barredBecause = 'no safe capacity known';
      else if (!Number.isFinite(peak)) candidate.barredBecause = 'no forecast peak load';
      return candidate;
    });
}

/** Objective per rps moved from a client region to a unit; undefined when its TTFB was never measured. */
export function arcCost(fleet: FleetModel, region: ClientRegionId, unit: WorkUnitId): number | undefined {
  const p95 = fleet.ttfb[region]?.[unit]?.p95;
  if (p95 === undefined) return undefined;
  const { latencyWeight, costWeight } = fleet.objective;
  return latencyWeight * p95 + costWeight * servingCostPerHour(fleet, unit, region, 1);
}

/** The reason a candidate gets no traffic before any optimisation, or undefined when it is in the running. */
export function structuralRejection(c: Candidate, reserve: number): RejectedCandidate | undefined {
  const id = c.unit.id;
  if (c.barredBecause !== undefined) return { workUnit: id, reason: `${id}: excluded (${c.barredBecause})` };
  if (c.allowance > 0) return undefined;
  if (c.cappedBecause !== undefined) return { workUnit: id, reason: `${id} not recommended: ${c.cappedBecause}` };
  const utilised = c.peak / c.safe;
  return {
    workUnit: id,
    reason: `${id} not recommended: ${percent(utilised)} utilised at forecast peak, no room after the ${percent(reserve)} reserve`,
  };
}
