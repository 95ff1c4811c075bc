// Shared by the simulated fleet's tests: the example fleet and a few instants.
import type { FleetModel, Resource, UnitMetric, WorkUnit } from '../../analytics/types.js';
import { loadFleetConfig } from '../config/load-fleet.js';
import { DAY_MS } from './clock.js';
import type { SimulatedFleet } from './simulated-fleet.js';

export const exampleFleet: FleetModel = loadFleetConfig().fleet;

/** Tuesday 2026-03-03 21:00 UTC: 21:00 in Dublin, eu-west-1's evening peak. */
export const TUESDAY_2100Z = Date.UTC(2026, 2, 3, 21, 0);
export const MINUTE_MS = 60_000;

export function unitOf(fleet: FleetModel, id: string): WorkUnit {
  return fleet.workUnits.find((u) => u.id === id)!;
}

/** Utilisation (0..1 of the limit) of a resource from the metric values. */
export function utilisation(sim: SimulatedFleet, unitId: string, resource: Resource, ms: number): number {
  const unit = unitOf(sim.fleet, unitId);
  const value = sim.value(unitId, resource as UnitMetric, ms);
  if (resource === 'connections') return value / unit.limits.connections;
  if (resource === 'network') return value / unit.limits.networkMbps;
  return value;
}

export function days(n: number): number {
  return n * DAY_MS;
}
