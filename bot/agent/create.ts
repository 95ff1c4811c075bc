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
