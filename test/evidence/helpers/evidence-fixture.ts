// The simulated fleet every evidence contract runs on: a bad deploy on us-east-1 and a connection
// drop on eu-west-1, so the data has errors, warnings, deploys and slow traces to find.
import type { TimeRange } from '../../../analytics/types.js';
import type { Fault } from '../../../tools/sim/faults.js';
import { SimulatedFleet } from '../../../tools/sim/index.js';
import { exampleFleet } from '../../../tools/sim/test-fixtures.js';

export const AT_MS = Date.parse('2026-03-04T02:30:00Z');
export const MINUTE = 60_000;
export const BAD_DEPLOY_AT = AT_MS - 40 * MINUTE;
export const BAD_VERSION = '9.9.9';

export const EVIDENCE_FAULTS: Fault[] = [
  {
    kind: 'deploy',
    workUnit: 'us-east-1',
    service: 'checkout',
    version: BAD_VERSION,
    startMs: BAD_DEPLOY_AT,
    endMs: AT_MS + 20 * MINUTE,
    magnitude: 0.12,
  },
  {
    kind: 'connection-drop',
    workUnit: 'eu-west-1',
    startMs: AT_MS - 30 * MINUTE,
    endMs: AT_MS + 20 * MINUTE,
    magnitude: 0.5,
  },
];

export function evidenceSim(seed = 7): SimulatedFleet {
  // 30 days of history before AT_MS: older ranges are empty, as on a backend with retention.
  return new SimulatedFleet(exampleFleet, { seed, faults: EVIDENCE_FAULTS, nowMs: AT_MS, historyDays: 30 });
}

export function range(startMs: number, endMs: number): TimeRange {
  return { startMs, endMs, stepMs: MINUTE };
}

/** The window contracts search: the last 15 minutes before AT_MS. */
export const WINDOW = range(AT_MS - 15 * MINUTE, AT_MS);
