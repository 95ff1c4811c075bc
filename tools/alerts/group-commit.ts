// Group commit: the webhooks that arrive in one turn of the event loop are written in one
// transaction, so a burst pays one fsync per batch instead of one per request. Each waiter hears
// only after the commit that holds its events (acknowledged means on disk).
import type { AlertStore, ApplyOutcome } from './alert-store.js';
import type { AlertEvent } from './webhook-payload.js';

interface Waiter {
  events: readonly AlertEvent[];
  done: (outcomes: ApplyOutcome[] | Error) => void;
}

export class GroupCommit {
  private pending: Waiter[] = [];
  private scheduled = false;
  batches = 0;

  constructor(
    private readonly store: AlertStore,
    private readonly now: () => number,
    /** Most webhooks in one transaction (bounds the time one commit holds the event loop). */
    private readonly maxBatch = 500,
  ) {}

  /** Resolves with this webhook's outcomes once they are committed; rejects when the store fails. */
  apply(events: readonly AlertEvent[]): Promise<ApplyOutcome[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, done: (r) => (r instanceof Error ? reject(r) : resolve(r)) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending.splice(0, this.maxBatch);
    this.scheduled = this.pending.length > 0;
    if (this.scheduled) setImmediate(() => this.flush());
    this.batches++;
    let results: ApplyOutcome[][];
    try {
      results = this.store.applyBatch(
        batch.map((w) => w.events),
        this.now(),
      );
    } catch (err) {
      for (const w of batch) w.done(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    for (const [i, w] of batch.entries()) w.done(results[i]!);
  }
}
