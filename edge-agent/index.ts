// The edge agent of one work unit: local checks, local context, optional local model, served over mTLS.
export { type EdgeAgent, type EdgeAgentOptions, startEdgeAgent } from './agent.js';
export { LocalChecker, type LocalLog } from './checker.js';
export {
  type AgentConfig,
  agentConfigSchema,
  defaultAgentConfig,
  type LocalPrometheusConfig,
  loadAgentConfig,
  localPrometheusSchema,
} from './config.js';
export { allowedIdentity, sanIdentities } from './identity.js';
export {
  buildPrometheusLocalMetrics,
  type LocalMetrics,
  localMetricsFromSource,
  type MetricReading,
  PrometheusLocalMetrics,
} from './local-metrics.js';
export { deterministicSummary, summarize } from './summarize.js';
export { ReloadingTlsFiles, readTlsMaterial, type TlsPaths } from './tls-files.js';
export type * from './types.js';
export { EDGE_AGENT_VERSION } from './version.js';
