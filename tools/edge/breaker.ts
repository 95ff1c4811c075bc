export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failuresToOpen: number;
  /** How long an open breaker refuses calls before letting one trial call through. */
  cooldownMs: number;
}

/**
 * A circuit breaker for one edge agent, so a dead agent costs the poll no deadline wait each time:
 * closed → open after N consecutive failures → half-open after the cooldown (one trial call) →
 * closed on success, open again on failure.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAtMs = 0;
  private trialInFlight = false;
  private stateNow: BreakerState = 'closed';

  constructor(private readonly options: BreakerOptions) {}

  state(nowMs: number): BreakerState {
    if (this.stateNow === 'open' && nowMs - this.openedAtMs >= this.options.cooldownMs) this.stateNow = 'half-open';
    return this.stateNow;
  }

  /** Whether a call may go out now; in half-open only one trial call at a time. */
  tryAcquire(nowMs: number): boolean {
    const state = this.state(nowMs);
    if (state === 'closed') return true;
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.stateNow = 'closed';
  }

  failure(nowMs: number): void {
    this.failures++;
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    if (wasTrial || this.failures >= this.options.failuresToOpen) {
      this.stateNow = 'open';
      this.openedAtMs = nowMs;
    }
  }

  /** Milliseconds until an open breaker lets a trial call through. */
  retryInMs(nowMs: number): number {
    return this.stateNow === 'open' ? Math.max(0, this.openedAtMs + this.options.cooldownMs - nowMs) : 0;
  }
}
