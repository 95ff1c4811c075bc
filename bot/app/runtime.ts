import { HeadroomError } from '../../analytics/errors.js';
import { type FleetConfig, loadFleetConfig } from '../../tools/config/load-fleet.js';
import { SimulatedFleet, SimulatedMetricsSource, simulatedSignalSources } from '../../tools/sim/index.js';
import { loadScenario, type Scenario } from '../../tools/sim/scenario.js';
import { parseAtOption, parseSeedOption } from '../cli/options.js';
import { Core } from '../core/core.js';
import { SeasonalProfileForecaster } from '../core/forecaster.js';

export interface RuntimeOptions {
  fleet?: string;
  scenario?: string;
  at?: string;
  seed?: string;
  historyDays?: number;
}

/** Everything a command needs, composed once from options and environment: the composition root. */
export interface Runtime {
  config: FleetConfig;
  scenario: Scenario;
  sim: SimulatedFleet;
  core: Core;
  /** The moment evaluated by one-shot commands: --at, else the scenario's "at", else now. */
  atMs: number;
}

export const DEFAULT_HISTORY_DAYS = 90;
const HISTORY_STEP_MS = 5 * 60_000;

export async function openRuntime(
  options: RuntimeOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Runtime> {
  const config = loadFleetConfig(options.fleet ?? env.HEADROOM_FLEET);
  const scenarioFile = options.scenario ?? env.HEADROOM_SCENARIO;
  const loaded: Scenario = scenarioFile ? loadScenario(scenarioFile, config.fleet) : { seed: 1, faults: [] };
  const scenario = { ...loaded, seed: options.seed === undefined ? loaded.seed : parseSeedOption(options.seed) };
  const atMs = options.at ? parseAtOption(options.at) : (scenario.atMs ?? Date.now());
  if (config.telemetry !== 'simulated') {
    throw new HeadroomError(
      'CONFIG_INVALID',
      `${config.file}: signals.telemetry "${config.telemetry}" is not available in this build; use "simulated"`,
    );
  }
  const sim = new SimulatedFleet(config.fleet, { seed: scenario.seed, faults: scenario.faults });
  const core = new Core({
    fleet: config.fleet,
    metrics: new SimulatedMetricsSource(sim),
    signalSources: simulatedSignalSources(sim).filter((s) => config.sources.includes(s.name)),
    sourcesInUse: config.sources,
    forecaster: new SeasonalProfileForecaster(),
    history: { days: options.historyDays ?? DEFAULT_HISTORY_DAYS, stepMs: HISTORY_STEP_MS },
  });
  return { config, scenario, sim, core, atMs };
}
