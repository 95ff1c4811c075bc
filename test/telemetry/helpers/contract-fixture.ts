// The fleet, faults and instants the metrics-source contract suite uses: the example fleet with
// 90 days of history ending at END_MS, and a few faults near the end that the verdicts must see.
import type { FleetModel } from '../../../analytics/types.js';
import { loadFleetConfig } from '../../../tools/config/load-fleet.js';
import type { Fault } from '../../../tools/sim/faults.js';
import { SimulatedFleet } from '../../../tools/sim/simulated-fleet.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const STEP_MS = 5 * 60_000;
export const HISTORY_DAYS = 90;
/** Tuesday 2026-03-10 00:00 UTC: a fixed end keeps the contract deterministic. */
export const END_MS = Date.UTC(2026, 2, 10, 0, 0);

export const FAULTS: Fault[] = [
  {
    kind: 'connection-drop',
    workUnit: 'us-west-2',
    startMs: END_MS - 10 * HOUR_MS,
    endMs: END_MS - 8 * HOUR_MS,
    magnitude: 0.6,
  },
  {
    kind: 'connection-drop',
    workUnit: 'eu-west-1',
    startMs: END_MS - 6 * HOUR_MS,
    endMs: END_MS - 4 * HOUR_MS,
    magnitude: 0.6,
  },
  {
    kind: 'alert-firing',
    workUnit: 'eu-west-1',
    startMs: END_MS - 6 * HOUR_MS,
    endMs: END_MS - 4 * HOUR_MS,
    magnitude: 1,
  },
  {
    kind: 'telemetry-gap',
    workUnit: 'ap-south-1',
    startMs: END_MS - 3 * HOUR_MS,
    endMs: END_MS - 1 * HOUR_MS,
    magnitude: 1,
  },
];

/** Instants evaluated, oldest first (the core learns history once and reuses it for a day). */
export const INSTANTS = {
  watchDrop: END_MS - 9 * HOUR_MS,
  failoverDrop: END_MS - 5 * HOUR_MS + 7 * 60_000,
  gap: END_MS - 2 * HOUR_MS,
  quiet: END_MS - 20 * 60_000,
};

export const fleet: FleetModel = loadFleetConfig().fleet;

export function contractSim(): SimulatedFleet {
  return new SimulatedFleet(fleet, { seed: 7, faults: FAULTS, nowMs: END_MS, historyDays: HISTORY_DAYS });
}

export const BACKFILL_RANGE = { startMs: END_MS - HISTORY_DAYS * DAY_MS, endMs: END_MS, stepMs: STEP_MS };
