import type { MetricsSource } from '../tools/sources/types.js';
import { LocalChecker, type LocalLog } from './checker.js';
import { type AgentConfig, defaultAgentConfig } from './config.js';
import type { LocalMetrics } from './local-metrics.js';
import { type RunningEdgeAgent, startEdgeAgentServer } from './server.js';
import type { TlsPaths } from './wire/index.js';

export interface EdgeAgentOptions {
  workUnit: string;
  listen: string;
  tls: TlsPaths;
  allowIdentities: readonly string[];
  config?: AgentConfig;
  /** The unit's Prometheus (PrometheusLocalMetrics) or any MetricsSource such as the simulator. */
  metrics?: MetricsSource | LocalMetrics;
  log: LocalLog;
  now?: () => number;
  certReloadIntervalMs?: number;
}

export interface EdgeAgent extends RunningEdgeAgent {
  checker: LocalChecker;
}

/** Starts the local checks and the mTLS server of one work unit's edge agent. */
export async function startEdgeAgent(options: EdgeAgentOptions): Promise<EdgeAgent> {
  const config = options.config ?? defaultAgentConfig();
  const checker = new LocalChecker({
    workUnit: options.workUnit,
    config,
    log: options.log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const server = await startEdgeAgentServer({
    listen: options.listen,
    tls: options.tls,
    allowIdentities: options.allowIdentities,
    checker,
    config,
    log: options.log,
    ...(options.certReloadIntervalMs ? { certReloadIntervalMs: options.certReloadIntervalMs } : {}),
  });
  checker.start();
  return {
    ...server,
    checker,
    close: async (graceMs?: number) => {
      checker.stop();
      await server.close(graceMs);
    },
  };
}
