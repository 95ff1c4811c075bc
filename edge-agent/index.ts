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
export {
  buildPrometheusLocalMetrics,
  type LocalMetrics,
  localMetricsFromSource,
  type MetricReading,
  PrometheusLocalMetrics,
} from './local-metrics.js';
export { deterministicSummary, summarize } from './summarize.js';
export { EDGE_AGENT_VERSION } from './version.js';
// the wire contract, shared with the central's client
export * from './wire/index.js';
