import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { type ClaudeAgent, createClaudeAgent } from '../../bot/agent/index.js';
import type { AgentTools } from '../../bot/agent/types.js';
import { openStore, type Store } from '../../bot/store/index.js';
import { CLAUDE_DEFAULTS, type ClaudeConfig } from '../../tools/config/claude-schema.js';
import { FakeAnthropic } from '../fakes/anthropic/server.js';

export const API_KEY = 'sk-ant-test-0123456789abcdef';
export const NOW = Date.parse('2026-03-03T21:10:00Z');

/** A fake Messages API for the whole test file. */
export function useFakeAnthropic(): () => FakeAnthropic {
  let fake: FakeAnthropic | undefined;
  beforeAll(async () => {
    fake = await new FakeAnthropic({ apiKey: API_KEY }).start();
  });
  afterAll(async () => {
    await fake?.stop();
  });
  return () => {
    if (!fake) throw new Error('fake not started');
    return fake;
  };
}

export interface TestAgent {
  agent: ClaudeAgent;
  store: Store;
  stop(): Promise<void>;
}

/** The real SDK (through createClaudeAgent) against the fake; config overrides merged over the defaults. */
export function testAgent(
  fake: FakeAnthropic,
  tools: AgentTools,
  overrides: Omit<Partial<ClaudeConfig>, 'budgets'> & { budgets?: Partial<ClaudeConfig['budgets']> } = {},
  opts: { store?: Store; apiKey?: string; logs?: string[] } = {},
): TestAgent {
  const store = opts.store ?? openStore(':memory:');
  const config: ClaudeConfig = {
    ...CLAUDE_DEFAULTS,
    maxRetries: 0,
    ...overrides,
    budgets: { ...CLAUDE_DEFAULTS.budgets, ...overrides.budgets },
  };
  const logs = opts.logs;
  const log = logs
    ? pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) })
    : pino({ level: 'silent' });
  const { agent, stop } = createClaudeAgent({
    config,
    apiKey: opts.apiKey ?? API_KEY,
    baseURL: fake.url,
    tools,
    store,
    now: () => NOW,
    log,
  });
  return {
    agent,
    store,
    async stop() {
      await stop();
      if (!opts.store) store.close();
    },
  };
}

/** Tool results the model received in a request body, by tool_use_id order. */
export function toolResultsIn(body: Record<string, unknown>): { content: string; is_error?: boolean }[] {
  const messages = body.messages as { role: string; content: unknown }[];
  return messages.flatMap((m) =>
    Array.isArray(m.content)
      ? (m.content as { type: string; content: string; is_error?: boolean }[]).filter((b) => b.type === 'tool_result')
      : [],
  );
}
