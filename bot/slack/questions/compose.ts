import type { Logger } from 'pino';
import { CLAUDE_DEFAULTS } from '../../../tools/config/claude-schema.js';
import type { FleetConfig } from '../../../tools/config/load-fleet.js';
import type { ToolDeps } from '../../../tools/registry/index.js';
import { configuredClaudeAgent, registryTools } from '../../agent/index.js';
import type { Core } from '../../core/core.js';
import type { Store } from '../../store/index.js';
import { ClaudeQuestionHandler } from './claude.js';
import { DeterministicQuestionHandler } from './deterministic.js';
import type { QuestionHandler } from './types.js';

/** ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL, as read by the composition root. */
export interface ClaudeEnv {
  apiKey?: string;
  baseURL?: string;
}

export function claudeEnvFrom(env: Readonly<Record<string, string | undefined>>): ClaudeEnv {
  return {
    ...(env.ANTHROPIC_API_KEY ? { apiKey: env.ANTHROPIC_API_KEY } : {}),
    ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
  };
}

/**
 * The question handler for Slack: Claude through the tool registry when an API key (or a base URL,
 * for a local server) is set and the fleet file does not turn it off; the deterministic what-if
 * reader otherwise.
 */
export function questionHandlerFor(input: {
  config: FleetConfig;
  core: Core;
  store: Store;
  now: () => number;
  log: Logger;
  claude: ClaudeEnv;
  toolDeps: ToolDeps;
  rateWindowMs?: number;
}): { handler: QuestionHandler; kind: 'claude' | 'deterministic'; stop(): Promise<void> } {
  const deterministic = new DeterministicQuestionHandler(input.core, input.now);
  const made = configuredClaudeAgent({
    config: input.config.claude ?? CLAUDE_DEFAULTS,
    claude: input.claude,
    tools: registryTools(input.toolDeps),
    store: input.store,
    now: input.now,
    log: input.log,
    ...(input.rateWindowMs ? { rateWindowMs: input.rateWindowMs } : {}),
  });
  if (!made) return { handler: deterministic, kind: 'deterministic', stop: async () => {} };
  const { agent, stop } = made;
  const handler = new ClaudeQuestionHandler(agent, deterministic, input.log, {
    knownUnits: () => input.toolDeps.fleet().workUnits.map((u) => u.id),
  });
  return { handler, kind: 'claude', stop };
}
