import { addUsage, costUsd, type ModelPrice, NO_USAGE, type TokenUsage, totalTokens } from './pricing.js';

export interface QuestionBudgets {
  toolRounds: number;
  tokens: number;
  costUsd: number;
}

export type BudgetLimit = 'toolRounds' | 'tokens' | 'costUsd';

/** What one question has spent so far, against its limits. */
export class BudgetMeter {
  private usage: TokenUsage = NO_USAGE;
  private rounds = 0;
  private calls = 0;

  constructor(
    readonly limits: QuestionBudgets,
    private readonly price: ModelPrice,
  ) {}

  addTurn(usage: TokenUsage): void {
    this.usage = addUsage(this.usage, usage);
    this.calls++;
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

  /** The first limit reached for tokens or cost: no further model call may be made. */
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

  /** Output tokens the next call may produce without overshooting the token budget by much. */
  outputAllowance(maxOutputTokens: number): number {
    return Math.max(64, Math.min(maxOutputTokens, this.limits.tokens - this.spent.tokens));
  }
}
