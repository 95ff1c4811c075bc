// The central side of the edge agents: client, circuit breaker, and the edge signal source.
export { type BreakerOptions, type BreakerState, CircuitBreaker } from './breaker.js';
export {
  classifyFailure,
  EdgeAgentClient,
  type EdgeAgentClientOptions,
  type EdgeAgentEndpoint,
  type EdgeCheckOutcome,
  type UnreachableReason,
} from './client.js';
export { type AgentInstance, edgeSignal, type FreshnessRules } from './edge-signal.js';
export { edgeClientFromConfig } from './from-config.js';
export { EdgeSignalSource } from './signal-source.js';
