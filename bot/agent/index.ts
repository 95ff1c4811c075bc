// The Claude agent loop's public surface: import from here, not from the files behind it.
export { type AgentAnswer, type AgentSettings, ClaudeAgent } from './agent.js';
export { type ClaudeAgentInput, configuredClaudeAgent, createClaudeAgent } from './create.js';
export { ModelUnavailableError, type UnavailableReason } from './model.js';
export { registryTools } from './registry-tools.js';
export type { AgentTools, ProgressEvent, ToolSpec } from './types.js';
