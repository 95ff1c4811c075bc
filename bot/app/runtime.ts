import { dirname } from 'node:path';
import { HeadroomError } from '../../analytics/errors.js';
import type { AlertIntakeBundle } from '../../tools/alerts/index.js';
import { type FleetConfig, loadFleetConfig } from '../../tools/config/load-fleet.js';
import type { DeployIntakeOptions } from '../../tools/deploys/deploy-intake.js';
import type { DeployStore } from '../../tools/deploys/deploy-store.js';
import type { EdgeAgentClient } from '../../tools/edge/client.js';
import { edgeClientFromConfig } from '../../tools/edge/from-config.js';
import { buildPrometheusMetricsSource } from '../../tools/prometheus/build.js';
import type { PrometheusClient } from '../../tools/prometheus/client.js';
import { composeTelemetry } from '../../tools/prometheus/compose-telemetry.js';
import { PrometheusMetricsSource } from '../../tools/prometheus/metrics-source.js';
import { SimulatedFleet } from '../../tools/sim/index.js';
import { loadScenario, type Scenario } from '../../tools/sim/scenario.js';
import type { EvidenceSources } from '../../tools/sources/evidence.js';
import {
  buildEvidenceSources,
  deployIntakeOptions,
  evidenceSectionOf,
  openDeployStore,
  openWarehouse,
} from '../../tools/sources/from-config.js';
import type { SqlWarehouse } from '../../tools/warehouse/warehouse.js';
import { setInternalLinkHosts } from '../agent/untrusted-links.js';
import { parseAtOption, parseSeedOption } from '../cli/options.js';
import { Core } from '../core/core.js';
import { FittedLoadForecaster } from '../core/forecaster.js';
import { analyticsFingerprint } from '../precomputed/fingerprint.js';
import { openPrecomputedStore, type SqlitePrecomputedStore } from '../precomputed/sqlite-store.js';

export interface RuntimeOptions {
  fleet?: string;
  scenario?: string;
  at?: string;
  seed?: string;
  historyDays?: number;
  /**
   * Told of each failed telemetry read (a Prometheus query, rotated edge certificates that cannot be
   * loaded); the affected units read "unknown". E.g. a warning on stderr.
   */
  onQueryFailure?: (err: Error) => void;
  /**
   * The SQLite store holding pre-computed analytics (see storePath): learned sets are read from it
   * and written to it. Without it everything is learned in memory, as by a process of its own.
   */
  analyticsStore?: string;
}

/** Everything a command needs, composed once from options and environment: the composition root. */
export interface Runtime {
  config: FleetConfig;
  scenario: Scenario;
  sim: SimulatedFleet;
  core: Core;
  /** The moment evaluated by one-shot commands: --at, else the scenario's "at", else now. */
  atMs: number;
  /** Releases connections (edge-agent channels); one-shot commands may simply exit. */
  close(): void;
  /** The Alertmanager webhook intake when the fleet file configures one: `start` listens and polls on each alert. */
  alertIntake?: AlertIntakeBundle;
  /** The Prometheus HTTP API when the fleet file has a prometheus section (the query_prometheus tool reads it). */
  prometheus?: PrometheusClient;
  /** The edge agents' client when the fleet file names agents (start measures its check latency). */
  edgeClient?: EdgeAgentClient;
  /** Logs, traces and deploys (fleet file `evidence`; the simulated fleet's by default on simulated telemetry). */
  evidence: EvidenceSources;
  /** The deployment webhook when evidence.deploys has one: `start` listens on it. */
  deployIntake?: { options: DeployIntakeOptions; host: string; port: number };
  /** Long-horizon history (evidence.warehouse; the simulated fleet's two-year export by default). */
  warehouse?: SqlWarehouse;
  /** The pre-computed analytics, when options.analyticsStore named a store. */
  precomputed?: SqlitePrecomputedStore;
}

export const DEFAULT_HISTORY_DAYS = 90;
const HISTORY_STEP_MS = 5 * 60_000;

export async function openRuntime(
  options: RuntimeOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Runtime> {
  const config = loadFleetConfig(options.fleet ?? env.HEADROOM_FLEET);
  // Process-wide: every place that defangs untrusted links (Claude, MCP, Slack) keeps these readable.
  setInternalLinkHosts(config.links.internalHosts);
  const scenarioFile = options.scenario ?? env.HEADROOM_SCENARIO;
  const loaded: Scenario = scenarioFile ? loadScenario(scenarioFile, config.fleet) : { seed: 1, faults: [] };
  const scenario = { ...loaded, seed: options.seed === undefined ? loaded.seed : parseSeedOption(options.seed) };
  const atMs = options.at ? parseAtOption(options.at) : (scenario.atMs ?? Date.now());
  const sim = new SimulatedFleet(config.fleet, { seed: scenario.seed, faults: scenario.faults });
  // Prometheus, the anomaly API and the alert intake when the fleet file configures them; else the simulation.
  // Real edge agents when the fleet file names them (mutual TLS); otherwise the simulated ones.
  const edge = config.edge
    ? edgeClientFromConfig(config.edge, config.fleet.thresholds, dirname(config.file), (message) =>
        options.onQueryFailure?.(new Error(`edge client: ${message}`)),
      )
    : undefined;
  const telemetry = composeTelemetry(config, sim, env, {
    ...(edge ? { extraSources: [edge.source] } : {}),
    ...(options.onQueryFailure ? { onQueryFailure: options.onQueryFailure } : {}),
  });
  const history = { days: options.historyDays ?? historyDaysFrom(env), stepMs: HISTORY_STEP_MS };
  const precomputed = options.analyticsStore ? openPrecomputedStore(options.analyticsStore) : undefined;
  const fingerprint = analyticsFingerprint({
    fleet: config.fleet,
    telemetry:
      config.telemetry === 'prometheus'
        ? { prometheus: config.prometheus ?? null }
        : { simulated: { seed: scenario.seed, faults: scenario.faults } },
    history,
  });
  const core = new Core({
    fleet: config.fleet,
    metrics: telemetry.metrics,
    signalSources: telemetry.signalSources,
    sourcesInUse: config.sources,
    forecaster: unitLoadForecaster(),
    prepareForecasts: async () => {
      await (await import('../../tools/forecast/augurs.js')).loadAugurs();
      forecastSeriesFn = (await import('../../tools/forecast/forecast-series.js')).forecastSeries;
    },
    history,
    ...(precomputed ? { precomputed: { store: precomputed, fingerprint } } : {}),
  });
  const deploysSection = evidenceSectionOf(config).deploys;
  let deployStore: DeployStore | undefined;
  if (deploysSection?.kind === 'recorded') deployStore = openDeployStore(deploysSection, dirname(config.file));
  const evidence = buildEvidenceSources(config, {
    sim,
    env,
    baseDir: dirname(config.file),
    ...(deployStore ? { deployStore } : {}),
  });
  const warehouse = await openWarehouse(config, { sim, env, baseDir: dirname(config.file), nowMs: atMs });
  const close = () => {
    edge?.client.close();
    precomputed?.close();
    deployStore?.close();
    warehouse?.close();
  };
  const runtime: Runtime = { config, scenario, sim, core, atMs, evidence, close };
  if (edge) runtime.edgeClient = edge.client;
  if (precomputed) runtime.precomputed = precomputed;
  if (warehouse) runtime.warehouse = warehouse;
  if (deployStore && deploysSection?.kind === 'recorded') {
    const intake = deployIntakeOptions(
      deploysSection,
      deployStore,
      config.fleet.workUnits.map((u) => u.id),
      env,
    );
    if (intake) runtime.deployIntake = intake;
  }
  if (telemetry.alertIntake) runtime.alertIntake = telemetry.alertIntake;
  if (config.prometheus) {
    runtime.prometheus =
      telemetry.metrics instanceof PrometheusMetricsSource
        ? telemetry.metrics.client
        : buildPrometheusMetricsSource(config.prometheus, config.fleet, env).client;
  }
  return runtime;
}

/** $HEADROOM_HISTORY_DAYS shortens the history read at start (tests use it); 90 days by default. */
function historyDaysFrom(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.HEADROOM_HISTORY_DAYS;
  if (raw === undefined) return DEFAULT_HISTORY_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 14 || days > 400) {
    throw new HeadroomError(
      'CONFIG_INVALID',
      `HEADROOM_HISTORY_DAYS must be a whole number from 14 to 400, not "${raw}"`,
    );
  }
  return days;
}

/**
 * The units' load forecasts come from the fitted models (the planner's "forecast peak of the coming
 * hours"). augurs loads only when a series must be fitted (Core.prepareForecasts), so an answer
 * from stored forecasts never pays for it.
 */
function unitLoadForecaster(): FittedLoadForecaster {
  return new FittedLoadForecaster((values, horizon) => {
    if (!forecastSeriesFn) throw new Error('augurs not loaded: Core.prepareForecasts() must run before fitting');
    return forecastSeriesFn(values, { horizon, seasons: [24, 168] });
  });
}

type ForecastSeries = typeof import('../../tools/forecast/forecast-series.js').forecastSeries;
let forecastSeriesFn: ForecastSeries | undefined;
