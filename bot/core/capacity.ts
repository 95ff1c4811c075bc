import { headroom } from '../../analytics/headroom.js';
import type { CapacityBaseline, WorkUnitId } from '../../analytics/types.js';
import type { Core } from './core.js';
import { evaluateFleet, type UnitStatus } from './evaluate.js';
import { loadOutlook } from './planning-input.js';

export interface UnitCapacity {
  id: WorkUnitId;
  state: string;
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
  return {
    atMs,
    forecaster: core.deps.forecaster.name,
    workUnits: units.map((u) => {
      const peak = outlook.unitPeakLoad[u.id] ?? Number.NaN;
      return {
        id: u.id,
        state: u.state,
        load: u.load,
        safeCapacity: u.safeCapacity,
        headroom: u.headroom,
        headroomLevel: u.headroomLevel,
        bindingResource: u.bindingResource,
        baseline: u.baseline,
        nextPeak: { load: peak, atMs: outlook.unitPeakAtMs[u.id] ?? atMs, headroom: headroom(peak, u.safeCapacity) },
      };
    }),
  };
}
