// Routed load: client-region traffic sent to work units by the routing weights, with the faults
// that move traffic (traffic-surge, drain, connection-drop's dip) applied. Unit loads are memoised
// per step because every metric of every unit derives from them.
import type { FleetModel } from '../../analytics/types.js';
import { SIM_STEP_MS } from './clock.js';
import { type Fault, type FaultIndex, isActive } from './faults.js';
import { hashString, signedUniform } from './hash.js';
import type { UnitProfile } from './profiles.js';
import type { TrafficModel } from './traffic.js';

/** Served load falls by this fraction of the connections lost (clients retry elsewhere or give up). */
const CONNECTION_DROP_LOAD_SHARE = 0.15;
/** Bound on memoised values (steps × units) so a long run cannot exhaust memory. */
const MAX_CACHED_VALUES = 8_000_000;

export type FlowVisitor = (regionIndex: number, unitIndex: number, load: number) => void;

export class FleetLoad {
  private readonly routes: { unit: number; weight: number }[][];
  private readonly unitIndex: Map<string, number>;
  private readonly regionIndex: Map<string, number>;
  private readonly unitHashes: number[];
  private readonly trafficFaults: boolean;
  private readonly cache = new Map<number, Float64Array>();
  private readonly maxCachedSteps: number;

  constructor(
    private readonly fleet: FleetModel,
    private readonly seed: number,
    private readonly traffic: TrafficModel,
    private readonly profiles: readonly UnitProfile[],
    private readonly faults: FaultIndex,
  ) {
    this.unitIndex = new Map(fleet.workUnits.map((u, i) => [u.id, i]));
    this.regionIndex = new Map(fleet.clientRegions.map((r, i) => [r.id, i]));
    this.routes = fleet.clientRegions.map((region) =>
      Object.entries(fleet.routing[region.id] ?? {})
        .filter(([, w]) => w > 0)
        .map(([wu, weight]) => ({ unit: this.unitIndex.get(wu) ?? -1, weight }))
        .filter((r) => r.unit >= 0),
    );
    this.unitHashes = fleet.workUnits.map((u) => hashString(u.id));
    this.trafficFaults = ['traffic-surge', 'drain', 'connection-drop'].some(
      (k) => faults.of(k as Fault['kind']).length,
    );
    this.maxCachedSteps = Math.max(1000, Math.floor(MAX_CACHED_VALUES / Math.max(1, fleet.workUnits.length)));
  }

  /** Served load (rps) of every unit at a step, memoised. Includes a cold standby's health-check trickle. */
  unitLoads(step: number): Float64Array {
    const hit = this.cache.get(step);
    if (hit) return hit;
    const loads = new Float64Array(this.fleet.workUnits.length);
    this.flows(step, (_, u, load) => {
      loads[u]! += load;
    });
    this.profiles.forEach((p, u) => {
      if (p.trickleRps > 0)
        loads[u]! += p.trickleRps * (1 + 0.2 * signedUniform(this.seed, this.unitHashes[u]!, 9, step));
    });
    if (this.cache.size >= this.maxCachedSteps) this.cache.clear();
    this.cache.set(step, loads);
    return loads;
  }

  /** Visits every (client region, work unit, rps) flow at a step, after traffic faults. */
  flows(step: number, visit: FlowVisitor): void {
    const ms = step * SIM_STEP_MS;
    const regionCount = this.fleet.clientRegions.length;
    if (!this.trafficFaults) {
      for (let r = 0; r < regionCount; r++) {
        const load = this.traffic.regionLoad(r, ms, step);
        for (const route of this.routes[r]!) visit(r, route.unit, load * route.weight);
      }
      return;
    }
    const active = this.faults.all.filter((f) => isActive(f, ms));
    const regionFlows: { r: number; u: number; x: number }[] = [];
    for (let r = 0; r < regionCount; r++) {
      const regionId = this.fleet.clientRegions[r]!.id;
      let load = this.traffic.regionLoad(r, ms, step);
      for (const f of active) {
        if (f.kind === 'traffic-surge' && f.clientRegion === regionId && !f.workUnit) load *= f.magnitude;
      }
      for (const route of this.routes[r]!) {
        const unitId = this.fleet.workUnits[route.unit]!.id;
        let x = load * route.weight;
        for (const f of active) {
          if (f.kind !== 'traffic-surge' || f.workUnit !== unitId) continue;
          if (f.clientRegion === undefined || f.clientRegion === regionId) x *= f.magnitude;
        }
        regionFlows.push({ r, u: route.unit, x });
      }
    }
    for (const f of active) {
      if (f.kind !== 'drain' || !f.workUnit || !f.target) continue;
      const src = this.unitIndex.get(f.workUnit);
      const dst = this.unitIndex.get(f.target);
      if (src === undefined || dst === undefined) continue;
      const moved: { r: number; u: number; x: number }[] = [];
      for (const flow of regionFlows) {
        if (flow.u !== src) continue;
        moved.push({ r: flow.r, u: dst, x: flow.x * f.magnitude });
        flow.x *= 1 - f.magnitude;
      }
      regionFlows.push(...moved);
    }
    for (const flow of regionFlows) {
      const unitId = this.fleet.workUnits[flow.u]!.id;
      const kept = this.faults.remainingFraction('connection-drop', unitId, ms);
      visit(flow.r, flow.u, flow.x * (1 - CONNECTION_DROP_LOAD_SHARE * (1 - kept)));
    }
  }

  indexOfRegion(id: string): number | undefined {
    return this.regionIndex.get(id);
  }
}
