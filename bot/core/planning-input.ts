import type { PlanInput } from '../../analytics/planner/types.js';
import { valueAt } from '../../analytics/series.js';
import { type RegionLoad, servedLoadAtPeak } from '../../analytics/served-load.js';
import { targetPolicy } from '../../analytics/target-policy.js';
import type { ClientRegionId, WorkUnitId } from '../../analytics/types.js';
import type { Core } from './core.js';
import type { FleetStatus } from './evaluate.js';
import { SeasonalProfileForecaster } from './forecaster.js';

const HOUR_MS = 3_600_000;
const PROFILE = new SeasonalProfileForecaster();

export interface LoadOutlook {
  /** Forecast peak (rps) of each unit over the window, never below its current load. */
  unitPeakLoad: Record<WorkUnitId, number>;
  /** When each unit's peak falls. */
  unitPeakAtMs: Record<WorkUnitId, number>;
  /** Forecast load per client region and unit at a given moment. */
  regionLoadAt(atMs: number): Record<ClientRegionId, Record<WorkUnitId, number>>;
}

/**
 * Forecast of every unit over [fromMs, fromMs + hours): the planner's "forecast peak of the
 * coming hours", and the what-if engine's "next peak" or "+N days".
 */
export async function loadOutlook(
  core: Core,
  status: FleetStatus,
  fromMs: number,
  hours: number,
): Promise<LoadOutlook> {
  const learned = await core.learnedAt(status.atMs);
  await core.unitWindowsReady(learned);
  const { history } = learned;
  const { forecaster } = core.deps;
  const regionForecaster = core.deps.regionForecaster ?? PROFILE;
  const unitPeakLoad: Record<WorkUnitId, number> = {};
  const unitPeakAtMs: Record<WorkUnitId, number> = {};
  const startMs = Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
  for (const unit of status.workUnits) {
    const hourly = history.hourlyLoad.get(unit.id);
    const values = hourly ? forecaster.forecastHourly(hourly, fromMs, hours) : [];
    let peak = fromMs <= status.atMs + HOUR_MS && !Number.isNaN(unit.load) ? unit.load : 0;
    let peakAt = status.atMs;
    values.forEach((v, h) => {
      if (v > peak) {
        peak = v;
        peakAt = startMs + h * HOUR_MS;
      }
    });
    unitPeakLoad[unit.id] = peak;
    unitPeakAtMs[unit.id] = peakAt;
  }
  const regionLoadAt = (atMs: number) => {
    const out: Record<ClientRegionId, Record<WorkUnitId, number>> = {};
    for (const [region, byUnit] of history.hourlyRegionLoad) {
      const row: Record<WorkUnitId, number> = {};
      for (const [wu, series] of byUnit) {
        const v = regionForecaster.forecastHourly(series, atMs - 1, 1)[0] ?? valueAt(series, atMs);
        if (Number.isFinite(v) && v > 0) row[wu] = v;
      }
      out[region] = row;
    }
    return out;
  };
  return { unitPeakLoad, unitPeakAtMs, regionLoadAt };
}

/**
 * Load each client region sends to each unit now, from the newest samples within the freshness
 * window (an earlier drain or move included); undefined when the telemetry has none.
 */
export async function observedRegionLoad(core: Core, atMs: number): Promise<RegionLoad | undefined> {
  const freshMs = core.fleet.thresholds.signalFreshnessSeconds * 1000;
  const stepMs = 60_000;
  const endMs = Math.floor(atMs / stepMs) * stepMs;
  let series: Awaited<ReturnType<Core['deps']['metrics']['regionLoadRange']>>;
  try {
    series = await core.deps.metrics.regionLoadRange({ startMs: endMs - freshMs, endMs, stepMs });
  } catch {
    return undefined; // the plan falls back to the routing and says so
  }
  const out: RegionLoad = {};
  let any = false;
  for (const [region, byUnit] of series) {
    const row: Record<WorkUnitId, number> = {};
    for (const [wu, s] of byUnit) {
      for (let i = s.values.length - 1; i >= 0; i--) {
        const v = s.values[i]!;
        if (Number.isFinite(v)) {
          row[wu] = v;
          any = true;
          break;
        }
      }
    }
    out[region] = row;
  }
  return any ? out : undefined;
}

/** Units that must not receive moved traffic: those in distress and those we cannot see. */
export function excludedTargets(status: FleetStatus): Record<WorkUnitId, string> {
  return targetPolicy(status.workUnits).excluded;
}

/**
 * The planner's input for draining `drain`: client-region loads at the drained units' forecast
 * peak (from what they serve now when `served` is given, else from the forecast mix), adding up to
 * that peak, every target's own peak over the horizon, and which targets are barred or degraded.
 */
export function planInputFor(
  core: Core,
  status: FleetStatus,
  outlook: LoadOutlook,
  drain: WorkUnitId[],
  /** Plan from what the drained units serve now (observed undefined: unknown, the routing is used and said). */
  served?: { observed: RegionLoad | undefined },
): Omit<PlanInput, 'forcedSplit'> {
  const peakAt = Math.max(...drain.map((d) => outlook.unitPeakAtMs[d] ?? status.atMs));
  let regionLoad = outlook.regionLoadAt(peakAt);
  const inputNotes: string[] = [];
  if (served) {
    // what the drained units serve now (an earlier drain onto them included), at their forecast peak
    const fromServed = servedLoadAtPeak({
      fleet: core.fleet,
      drain,
      observed: served.observed,
      unitPeakLoad: outlook.unitPeakLoad,
      base: regionLoad,
    });
    regionLoad = fromServed.regionLoad;
    inputNotes.push(...fromServed.notes);
  } else {
    for (const d of drain) {
      const sum = Object.values(regionLoad).reduce((s, row) => s + (row[d] ?? 0), 0);
      const target = outlook.unitPeakLoad[d] ?? 0;
      if (sum > 0 && target > 0) for (const row of Object.values(regionLoad)) if (row[d]) row[d] *= target / sum;
    }
  }
  const { excluded, lastResort } = targetPolicy(status.workUnits, drain);
  return {
    fleet: core.fleet,
    drain,
    regionLoad,
    unitPeakLoad: outlook.unitPeakLoad,
    safeCapacity: Object.fromEntries(status.workUnits.map((u) => [u.id, u.safeCapacity])),
    excluded,
    lastResort,
    inputNotes,
  };
}
