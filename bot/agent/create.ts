import type { Logger } from 'pino';
import type { ClaudeConfig } from '../../tools/config/claude-schema.js';
import type { Store } from '../store/index.js';
import { ClaudeAgent } from './agent.js';
import { AnthropicModel } from './model.js';
import { ClaudeRateLimiter } from './rate-limit.js';
import type { AgentTools } from './types.js';

export interface ClaudeAgentInput {
  config: ClaudeConfig;
  /** From the environment, read by the composition root (never here). */
  apiKey: string | undefined;
  baseURL?: string;
  tools: AgentTools;
  store: Store;
  now: () => number;
  log: Logger;
  /** Tests shorten the rate-limit window. */
  rateWindowMs?: number;
}

/** The agent as configured by the fleet file's claude section; stop() releases the rate limiter. */
export function createClaudeAgent(input: ClaudeAgentInput): { agent: ClaudeAgent; stop(): Promise<void> } {
  const { config } = input;
  const limiter = new ClaudeRateLimiter({
    ...config.rateLimits,
    ...(input.rateWindowMs ? { windowMs: input.rateWindowMs } : {}),
  });
  const model = new AnthropicModel({
    apiKey: input.apiKey,
    ...(input.baseURL ? { baseURL: input.baseURL } : {}),
    model: config.model,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    limiter,
  });
  const agent = new ClaudeAgent({
    model,
    tools: input.tools,
    store: input.store,
    now: input.now,
    log: input.log,
    settings: {
      budgets: config.budgets,
      memory: config.memory,
      redaction: { enabled: config.redaction.enabled, extra: config.redaction.patterns },
      deadlineMs: config.deadlineMs,
      ...(config.price ? { price: config.price } : {}),
    },
  });
  return { agent, stop: () => limiter.stop() };
}

/**
 * The agent when Claude is configured (an API key, or a local base URL, and the fleet file does not
 * turn it off), over the registry's read-only tools; null otherwise.
 */
export function configuredClaudeAgent(input: {
  config: ClaudeConfig;
  claude: { apiKey?: string; baseURL?: string };
  tools: AgentTools;
  store: Store;
  now: () => number;
  log: Logger;
  rateWindowMs?: number;
}): { agent: ClaudeAgent; stop(): Promise<void> } | null {
  if (!input.config.enabled || (!input.claude.apiKey && !input.claude.baseURL)) return null;
  return createClaudeAgent({
    config: input.config,
    // A local server (ANTHROPIC_BASE_URL) may need no key; the SDK still wants one to send.
    apiKey: input.claude.apiKey ?? 'no-key-for-local-server',
    ...(input.claude.baseURL ? { baseURL: input.claude.baseURL } : {}),
    tools: input.tools,
    store: input.store,
    now: input.now,
    log: input.log,
    ...(input.rateWindowMs ? { rateWindowMs: input.rateWindowMs } : {}),
  });
}
