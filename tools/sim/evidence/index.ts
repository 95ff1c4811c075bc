// The simulated fleet's evidence: logs, traces and deploys consistent with its faults.
import type { EvidenceSources } from '../../sources/evidence.js';
import type { SimulatedFleet } from '../simulated-fleet.js';
import { SimulatedDeployFeed } from './sim-deploys.js';
import { SimulatedLogSource } from './sim-logs.js';
import { SimulatedTraceSource } from './sim-traces.js';

export { DeploySchedule } from './deploy-schedule.js';
export { SIM_SERVICE_NAMES } from './services.js';
export { SimulatedDeployFeed, SimulatedLogSource, SimulatedTraceSource };

export function simulatedEvidence(sim: SimulatedFleet): Required<EvidenceSources> {
  return {
    logs: new SimulatedLogSource(sim),
    traces: new SimulatedTraceSource(sim),
    deploys: new SimulatedDeployFeed(sim),
  };
}
