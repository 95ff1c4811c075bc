// The simulated fleet's change feed: routine releases plus the scenario's deploy faults.
import type { TimeRange, WorkUnitId } from '../../../analytics/types.js';
import type { DeployEvent, DeployFeed, EvidenceResult } from '../../sources/evidence.js';
import { unknown } from '../../sources/evidence-query.js';
import type { SimulatedFleet } from '../simulated-fleet.js';
import { DeploySchedule } from './deploy-schedule.js';

export class SimulatedDeployFeed implements DeployFeed {
  readonly kind = 'simulated';
  private readonly schedule: DeploySchedule;

  constructor(private readonly sim: SimulatedFleet) {
    this.schedule = new DeploySchedule(sim);
  }

  async list(range: TimeRange, workUnit?: WorkUnitId): Promise<EvidenceResult<DeployEvent[]>> {
    const tried = `simulated deploys${workUnit ? ` of ${workUnit}` : ''}`;
    if (!(range.endMs >= range.startMs)) return unknown('the range ends before it starts', tried);
    const units = workUnit === undefined ? this.sim.unitIds : [workUnit];
    if (workUnit !== undefined && !this.sim.unitIds.includes(workUnit)) {
      return unknown(`${workUnit} is not a work unit of this fleet`, tried);
    }
    const from = Math.max(range.startMs, this.sim.dataStartMs);
    const events = units.flatMap((u) => this.schedule.events(u, from, range.endMs));
    return { status: 'ok', value: events.sort((a, b) => b.timeMs - a.timeMs || a.id.localeCompare(b.id)) };
  }
}
