import type { ModelRequest } from './model.js';
import { addUsage, costUsd, type ModelPrice, NO_USAGE, type TokenUsage, totalTokens } from './pricing.js';

export interface QuestionBudgets {
  toolRounds: number;
  tokens: number;
  costUsd: number;
}

export type BudgetLimit = 'toolRounds' | 'tokens' | 'costUsd';

/** A call that could produce fewer output tokens than this is not worth making: the loop stops instead. */
export const MIN_OUTPUT_TOKENS = 256;

/** What the coming model call may spend: its max_tokens, or no call at all. */
export type CallPlan =
  | {
      ok: true;
      maxTokens: number /** Set when a budget, not maxOutputTokens, capped max_tokens. */;
      limitedBy?: BudgetLimit;
    }
  | { ok: false; limit: BudgetLimit };

/** What one question has spent so far, against its limits. */
export class BudgetMeter {
  private usage: TokenUsage = NO_USAGE;
  private rounds = 0;
  private calls = 0;
  /** The last call's input as the API billed it, and the size of that request (see requestBytes). */
  private previous: { inputTokens: number; requestBytes: number } | undefined;

  constructor(
    readonly limits: QuestionBudgets,
    private readonly price: ModelPrice,
  ) {}

  /** A finished call: its usage, and the requestBytes of what was sent (the base of the next estimate). */
  addTurn(usage: TokenUsage, requestBytes?: number): void {
    this.usage = addUsage(this.usage, usage);
    this.calls++;
    if (requestBytes !== undefined) {
      this.previous = {
        inputTokens: usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens,
        requestBytes,
      };
    }
  }

  /**
   * The coming request's input tokens from the previous call of this question: what the API billed
   * for that call's input, plus the bytes the request has grown by since (the reply sent back, tool
   * results, notes — a token is at least one byte) plus a margin. Tight, and asks nothing of the
   * API. Undefined before the first call. The loop only ever appends to a request, so the growth in
   * bytes is exactly what was added.
   */
  estimateInput(requestBytes: number): number | undefined {
    const p = this.previous;
    if (!p) return undefined;
    return p.inputTokens + Math.max(0, requestBytes - p.requestBytes) + ADDED_MARGIN_TOKENS;
  }

  addToolRound(): void {
    this.rounds++;
  }

  get spent(): { usage: TokenUsage; tokens: number; costUsd: number; toolRounds: number; modelCalls: number } {
    return {
      usage: this.usage,
      tokens: totalTokens(this.usage),
      costUsd: costUsd(this.usage, this.price),
      toolRounds: this.rounds,
      modelCalls: this.calls,
    };
  }

  /** The first limit reached for tokens or cost (spent, not planned). */
  exhausted(): BudgetLimit | undefined {
    const s = this.spent;
    if (s.tokens >= this.limits.tokens) return 'tokens';
    if (s.costUsd >= this.limits.costUsd) return 'costUsd';
    return undefined;
  }

  /** Whether another round of tool calls is allowed. */
  roundsLeft(): boolean {
    return this.rounds < this.limits.toolRounds;
  }

  /**
   * Before a model call: with inputTokens the coming request's input (an upper bound or a count,
   * see loop.ts), the largest max_tokens that keeps the question within its token and cost budgets
   * even if the model uses all of it — or no call, when fewer than MIN_OUTPUT_TOKENS would remain.
   * Input is priced at the dearest input rate (a cache write), since a count cannot tell cached
   * from uncached tokens.
   */
  planCall(inputTokens: number, maxOutputTokens: number): CallPlan {
    const s = this.spent;
    const byTokens = this.limits.tokens - s.tokens - inputTokens;
    const inputRate = Math.max(this.price.input, this.price.cacheWrite, this.price.cacheRead);
    const costLeft = this.limits.costUsd - s.costUsd - (inputTokens * inputRate) / 1_000_000;
    const byCost =
      this.price.output > 0
        ? Math.floor((costLeft * 1_000_000) / this.price.output)
        : costLeft >= 0
          ? Number.POSITIVE_INFINITY
          : -1;
    const binding: BudgetLimit = byTokens <= byCost ? 'tokens' : 'costUsd';
    const maxTokens = Math.min(maxOutputTokens, byTokens, byCost);
    if (maxTokens < Math.min(MIN_OUTPUT_TOKENS, maxOutputTokens)) return { ok: false, limit: binding };
    return maxTokens < maxOutputTokens ? { ok: true, maxTokens, limitedBy: binding } : { ok: true, maxTokens };
  }

  /**
   * The largest input a call can have and still get outputTokens of output within the token and
   * cost budgets, once `ahead` (input and output tokens of calls before it) is spent as well; with
   * the budget that binds. Negative when even that is out of reach.
   */
  inputRoom(
    outputTokens: number,
    ahead: { input: number; output: number } = { input: 0, output: 0 },
  ): { tokens: number; limit: BudgetLimit } {
    const s = this.spent;
    const byTokens = this.limits.tokens - s.tokens - ahead.input - ahead.output - outputTokens;
    const inputRate = Math.max(this.price.input, this.price.cacheWrite, this.price.cacheRead);
    const costLeft = this.limits.costUsd - s.costUsd - ((ahead.output + outputTokens) * this.price.output) / 1_000_000;
    const byCost =
      inputRate > 0
        ? (costLeft * 1_000_000) / inputRate - ahead.input
        : costLeft >= 0
          ? Number.POSITIVE_INFINITY
          : Number.NEGATIVE_INFINITY;
    return byTokens <= byCost
      ? { tokens: byTokens, limit: 'tokens' }
      : { tokens: Math.floor(byCost), limit: 'costUsd' };
  }
}

/** Added to every estimate from a previous call (role markers and block framing the JSON does not show). */
const ADDED_MARGIN_TOKENS = 128;

/** The size in UTF-8 bytes of what a request sends as input (system prompt, tools, messages) as JSON. */
export function requestBytes(request: Pick<ModelRequest, 'system' | 'tools' | 'messages'>): number {
  return Buffer.byteLength(JSON.stringify([request.system, request.tools, request.messages]), 'utf8');
}

/**
 * Tokens the API adds around a request that its JSON does not show (the tool-use system prompt,
 * role markers); generous on purpose.
 */
const REQUEST_OVERHEAD_TOKENS = 1_024;

/**
 * An upper bound on a request's input tokens without asking the API: the UTF-8 bytes of its
 * system prompt, tools and messages as JSON (a token is at least one byte, and the JSON quoting
 * only adds bytes) plus REQUEST_OVERHEAD_TOKENS. Loose — several times the real count — so it is
 * only used for a question's first call (no billed input to start from yet), and replaced by a
 * count_tokens answer when it does not fit the budgets.
 */
export function inputTokenBound(request: Pick<ModelRequest, 'system' | 'tools' | 'messages'>): number {
  return requestBytes(request) + REQUEST_OVERHEAD_TOKENS;
}

/**
 * A count_tokens answer with a margin: Anthropic documents the count as an estimate that "may
 * differ by a small amount" from the input of the real call; 2 % + 64 tokens covers that.
 */
export function withCountMargin(counted: number): number {
  return Math.ceil(counted * 1.02) + 64;
}
