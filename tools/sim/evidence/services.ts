// The services every simulated work unit runs, and how often each one is routinely deployed.
import { DAY_MS, HOUR_MS } from '../clock.js';

export const MINUTE_MS = 60_000;

export interface SimService {
  name: string;
  /** Routine deploys (harmless) every this many days, at a fixed hour of the unit's day. */
  deployEveryDays: number;
}

export const SIM_SERVICES: readonly SimService[] = [
  { name: 'edge-gateway', deployEveryDays: 7 },
  { name: 'api', deployEveryDays: 3 },
  { name: 'checkout', deployEveryDays: 4 },
  { name: 'db-proxy', deployEveryDays: 14 },
  { name: 'batch', deployEveryDays: 10 },
];

export const SIM_SERVICE_NAMES = SIM_SERVICES.map((s) => s.name);

/** The service a scenario deploy hits when it names none. */
export const DEFAULT_DEPLOY_SERVICE = 'checkout';

export function periodMs(service: SimService): number {
  return service.deployEveryDays * DAY_MS;
}

export { DAY_MS, HOUR_MS };
