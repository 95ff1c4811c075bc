import { headroom } from '../../analytics/headroom.js';
import type { CapacityBaseline, UnitState, WorkUnitId } from '../../analytics/types.js';
import { capacityForecast } from './capacity-forecast.js';
import type { Core } from './core.js';
import { evaluateFleet, type UnitStatus } from './evaluate.js';
import { loadOutlook } from './planning-input.js';

export interface UnitCapacity {
  id: WorkUnitId;
  state: UnitState;
  load: number;
  safeCapacity: number;
  headroom: number;
  headroomLevel: UnitStatus['headroomLevel'];
  bindingResource: CapacityBaseline['bindingResource'];
  baseline: CapacityBaseline;
  /** Forecast peak of the next 24 hours and the headroom left at it. */
  nextPeak: { load: number; atMs: number; headroom: number };
}

export interface CapacityReport {
  atMs: number;
  forecaster: string;
  workUnits: UnitCapacity[];
}

/** Baselines and headroom now and at the next daily peak, for one unit or all. */
export async function capacityReport(core: Core, atMs: number, workUnit?: WorkUnitId): Promise<CapacityReport> {
  if (workUnit) core.unit(workUnit);
  const status = await evaluateFleet(core, atMs);
  const outlook = await loadOutlook(core, status, atMs, 24);
  const units = status.workUnits.filter((u) => !workUnit || u.id === workUnit);
  // The next peak comes from the unit's one capacity forecast (the one /capacity charts and dates);
  // the planner's forecaster only when no model fits the unit's history.
  const fitted = new Map<WorkUnitId, { load: number; atMs: number }>();
  let forecaster = core.deps.forecaster.name;
  for (const u of units) {
    try {
      const next = (await capacityForecast(core, u.id, atMs, 30)).view;
      if (next.nextPeak) fitted.set(u.id, { load: next.nextPeak.p50, atMs: next.nextPeak.atMs });
      forecaster =
        units.length === 1 ? `${next.model} (capacity forecast)` : 'capacity forecast per unit (model by backtest)';
    } catch {
      // too little history for a fitted model: the planner's forecast below
    }
  }
  return {
    atMs,
    forecaster,
    workUnits: units.map((u) => {
      const peak = fitted.get(u.id)?.load ?? outlook.unitPeakLoad[u.id] ?? Number.NaN;
      const peakAtMs = fitted.get(u.id)?.atMs ?? outlook.unitPeakAtMs[u.id] ?? atMs;
      return {
        id: u.id,
        state: u.state,
        load: u.load,
        safeCapacity: u.safeCapacity,
        headroom: u.headroom,
        headroomLevel: u.headroomLevel,
        bindingResource: u.bindingResource,
        baseline: u.baseline,
        nextPeak: { load: peak, atMs: peakAtMs, headroom: headroom(peak, u.safeCapacity) },
      };
    }),
  };
}
