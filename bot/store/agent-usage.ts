import type { SqlDatabase } from './sql.js';
import * as check from './validate.js';

/** What one question to Claude cost. */
export interface AgentUsageInput {
  atMs: number;
  channel?: string;
  threadTs?: string;
  model: string;
  /** answered | budget | unavailable | … (the agent's outcome). */
  outcome: string;
  toolRounds: number;
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export interface UsageTotals {
  questions: number;
  tokens: number;
  costUsd: number;
}

export interface DailyUsage extends UsageTotals {
  /** UTC day, YYYY-MM-DD. */
  day: string;
}

/** Claude usage and cost per question, summed per UTC day for the weekly report. */
export class AgentUsageLog {
  constructor(private readonly db: SqlDatabase) {}

  record(input: AgentUsageInput): void {
    const counts = [
      input.toolRounds,
      input.modelCalls,
      input.inputTokens,
      input.outputTokens,
      input.cacheWriteTokens,
      input.cacheReadTokens,
    ].map((v, i) => check.nonNegativeInteger(`usage count #${i}`, v));
    if (!(Number.isFinite(input.costUsd) && input.costUsd >= 0)) throw check.invalid('costUsd must be ≥ 0');
    this.db
      .prepare(
        `INSERT INTO agent_usage (at_ms, channel, thread_ts, model, outcome, tool_rounds, model_calls,
           input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, cost_usd)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        check.epochMs('atMs', input.atMs),
        input.channel ?? null,
        input.threadTs ?? null,
        check.text('model', input.model),
        check.text('outcome', input.outcome),
        ...counts,
        input.costUsd,
      );
  }

  /** Per UTC day in [sinceMs, untilMs), oldest first; days without questions are absent. */
  daily(sinceMs: number, untilMs: number): DailyUsage[] {
    return this.db
      .prepare<[number, number], DailyUsage>(
        `SELECT strftime('%Y-%m-%d', at_ms / 1000, 'unixepoch') AS day, count(*) AS questions,
           sum(input_tokens + output_tokens + cache_write_tokens + cache_read_tokens) AS tokens,
           sum(cost_usd) AS costUsd
         FROM agent_usage WHERE at_ms >= ? AND at_ms < ? GROUP BY day ORDER BY day`,
      )
      .all(check.epochMs('sinceMs', sinceMs), check.epochMs('untilMs', untilMs));
  }

  total(sinceMs: number, untilMs: number): UsageTotals {
    return this.daily(sinceMs, untilMs).reduce(
      (t, d) => ({ questions: t.questions + d.questions, tokens: t.tokens + d.tokens, costUsd: t.costUsd + d.costUsd }),
      { questions: 0, tokens: 0, costUsd: 0 },
    );
  }
}
