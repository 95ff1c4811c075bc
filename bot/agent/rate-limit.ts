import Bottleneck from 'bottleneck';

export interface RateLimitSettings {
  requestsPerMinute: number;
  tokensPerMinute: number;
  /** The refill window; one minute except in tests. */
  windowMs?: number;
}

/**
 * Requests per minute and tokens per minute toward the Messages API, as two refilling reservoirs.
 * A request takes one request slot and its estimated tokens (input estimate + max output); when
 * either reservoir is empty it waits for the next refill instead of drawing a 429.
 */
export class ClaudeRateLimiter {
  private readonly requests: Bottleneck;
  private readonly tokens: Bottleneck;

  constructor(readonly settings: RateLimitSettings) {
    const windowMs = settings.windowMs ?? 60_000;
    this.requests = reservoir(settings.requestsPerMinute, windowMs);
    this.tokens = reservoir(settings.tokensPerMinute, windowMs);
  }

  schedule<T>(estimatedTokens: number, fn: () => Promise<T>): Promise<T> {
    const weight = Math.max(1, Math.min(Math.ceil(estimatedTokens), this.settings.tokensPerMinute));
    return this.tokens.schedule({ weight }, () => this.requests.schedule(fn));
  }

  /** Requests waiting for a slot (for tests and logs). */
  queued(): number {
    return this.requests.counts().QUEUED + this.tokens.counts().QUEUED;
  }

  async stop(): Promise<void> {
    await Promise.all([this.requests.stop({ dropWaitingJobs: true }), this.tokens.stop({ dropWaitingJobs: true })]);
  }
}

function reservoir(perWindow: number, windowMs: number): Bottleneck {
  return new Bottleneck({
    reservoir: perWindow,
    reservoirRefreshAmount: perWindow,
    reservoirRefreshInterval: windowMs,
  });
}

/** A rough token count for text (≈ 4 characters a token), for the limiter and budgets before a call. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
