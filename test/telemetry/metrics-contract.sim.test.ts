import { SimulatedMetricsSource } from '../../tools/sim/index.js';
import { contractSim } from './helpers/contract-fixture.js';
import { metricsSourceContract } from './helpers/metrics-contract.js';

metricsSourceContract('simulated fleet', async () => ({ source: new SimulatedMetricsSource(contractSim()) }));
