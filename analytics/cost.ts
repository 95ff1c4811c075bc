import type { ClientRegionId, FleetModel, WorkUnitId } from './types.js';

/** $ per hour of serving `rps` of a client region from a work unit (egress only). */
export function servingCostPerHour(fleet: FleetModel, workUnit: WorkUnitId, clientRegion: ClientRegionId, rps: number) {
  const price = fleet.transferCostPerGb[workUnit]?.[clientRegion] ?? 0;
  return rps * 3600 * (fleet.avgResponseKb / 1e6) * price;
}

/** $ per hour of a whole routing state: loads[clientRegion][workUnit] in rps. */
export function routingCostPerHour(fleet: FleetModel, loads: Record<ClientRegionId, Record<WorkUnitId, number>>) {
  let total = 0;
  for (const [region, row] of Object.entries(loads)) {
    for (const [wu, rps] of Object.entries(row)) total += servingCostPerHour(fleet, wu, region, rps);
  }
  return total;
}

export interface TrafficMove {
  clientRegion: ClientRegionId;
  from: WorkUnitId;
  to: WorkUnitId;
  rps: number;
}

/** Change in $ per hour when the given moves are made. */
export function moveCostDelta(fleet: FleetModel, moves: TrafficMove[]): number {
  return moves.reduce(
    (sum, m) =>
      sum +
      servingCostPerHour(fleet, m.to, m.clientRegion, m.rps) -
      servingCostPerHour(fleet, m.from, m.clientRegion, m.rps),
    0,
  );
}
