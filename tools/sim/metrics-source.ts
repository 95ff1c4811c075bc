import type { ClientRegionId, LatestSample, Series, TimeRange, UnitMetric, WorkUnitId } from '../../analytics/types.js';
import type { MetricsSource } from '../sources/types.js';
import type { SimulatedFleet } from './simulated-fleet.js';

/** The simulated fleet behind the same interface as Prometheus. */
export class SimulatedMetricsSource implements MetricsSource {
  readonly kind = 'simulated' as const;

  constructor(readonly sim: SimulatedFleet) {}

  async unitRange(metric: UnitMetric, range: TimeRange): Promise<Map<WorkUnitId, Series>> {
    return this.sim.unitRange(metric, range);
  }

  async regionLoadRange(range: TimeRange): Promise<Map<ClientRegionId, Map<WorkUnitId, Series>>> {
    return this.sim.regionLoadRange(range);
  }

  async latest(metric: UnitMetric, atMs: number): Promise<Map<WorkUnitId, LatestSample>> {
    return this.sim.latest(metric, atMs);
  }
}
