// The simulated fleet: telemetry and signal sources behind the same interfaces as the real ones.
export { DAY_MS, HOUR_MS, SIM_STEP_MS, TimezoneClock } from './clock.js';
export { DEFAULT_ALERT_NAME, FAULT_KINDS, type Fault, type FaultKind, MAGNITUDE_RULES } from './faults.js';
export { type GenerateFleetOptions, generateFleet } from './generate-fleet.js';
export { SimulatedMetricsSource } from './metrics-source.js';
export type { ProfileOverride, ResourceCoefficients, UnitProfile } from './profiles.js';
export { loadScenario, parseScenario, type Scenario } from './scenario.js';
export {
  SimulatedAlertmanager,
  SimulatedAnomalyApi,
  SimulatedEdgeAgents,
  simulatedSignalSources,
} from './signal-sources.js';
export { SimulatedFleet, type SimulatedFleetOptions } from './simulated-fleet.js';
export { diurnalFactor, weeklyFactor } from './traffic.js';
