import { SimulatedDeployFeed, SimulatedLogSource, SimulatedTraceSource } from '../../tools/sim/evidence/index.js';
import { deployFeedContract } from './helpers/deploy-contract.js';
import { evidenceSim } from './helpers/evidence-fixture.js';
import { logSourceContract } from './helpers/log-contract.js';
import { traceSourceContract } from './helpers/trace-contract.js';

logSourceContract('simulated fleet', async () => ({
  source: new SimulatedLogSource(evidenceSim()),
  busyUnit: 'us-east-1',
}));
traceSourceContract('simulated fleet', async () => ({
  source: new SimulatedTraceSource(evidenceSim()),
  busyUnit: 'us-east-1',
}));
deployFeedContract('simulated fleet', async () => ({
  feed: new SimulatedDeployFeed(evidenceSim()),
  busyUnit: 'us-east-1',
}));
