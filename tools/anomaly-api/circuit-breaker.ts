// A circuit breaker: after `failuresToOpen` consecutive failed calls it fails fast for `cooldownMs`,
// then lets one trial call through (half-open); success closes it, failure opens it again.

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failuresToOpen: number;
  cooldownMs: number;
  now?: () => number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAtMs: number | undefined;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAtMs === undefined) return 'closed';
    return this.now() - this.openedAtMs >= this.options.cooldownMs ? 'half-open' : 'open';
  }

  /** When the breaker will let a trial call through (undefined while closed). */
  get retryAtMs(): number | undefined {
    return this.openedAtMs === undefined ? undefined : this.openedAtMs + this.options.cooldownMs;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether a call may go out now; in half-open only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAtMs = undefined;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.failures++;
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    if (wasTrial || this.failures >= this.options.failuresToOpen) this.openedAtMs = this.now();
  }
}
