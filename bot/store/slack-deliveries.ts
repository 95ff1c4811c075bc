import type { SqlDatabase } from './sql.js';

/**
 * Which Slack HTTP deliveries were already accepted, until their signature could no longer pass
 * the timestamp window. In the store, so replicas sharing the database refuse each other's replays.
 */
export interface DeliveryLedger {
  /** True the first time a key is claimed (and records it until expiresAtMs); false on every later claim. */
  claim(key: string, expiresAtMs: number, nowMs: number): boolean;
  /** Whether the key was claimed and has not expired (does not claim it). */
  seen(key: string, nowMs: number): boolean;
}

export class SqlDeliveryLedger implements DeliveryLedger {
  private readonly insert;
  private readonly lookup;
  private readonly purge;
  private claims = 0;

  constructor(db: SqlDatabase) {
    // An expired row may be taken over: its signature can no longer verify anyway.
    this.insert = db.prepare(
      `INSERT INTO slack_deliveries (delivery_key, expires_at_ms) VALUES (?, ?)
       ON CONFLICT (delivery_key) DO UPDATE SET expires_at_ms = excluded.expires_at_ms
       WHERE slack_deliveries.expires_at_ms <= ?`,
    );
    this.lookup = db.prepare<[string, number], { n: number }>(
      'SELECT 1 AS n FROM slack_deliveries WHERE delivery_key = ? AND expires_at_ms > ?',
    );
    this.purge = db.prepare('DELETE FROM slack_deliveries WHERE expires_at_ms <= ?');
  }

  claim(key: string, expiresAtMs: number, nowMs: number): boolean {
    const claimed = this.insert.run(key, expiresAtMs, nowMs).changes === 1;
    if (++this.claims % 500 === 0) this.purge.run(nowMs);
    return claimed;
  }

  seen(key: string, nowMs: number): boolean {
    return this.lookup.get(key, nowMs) !== undefined;
  }
}

/** One process only (tests, a single replica without a store). */
export class MemoryDeliveryLedger implements DeliveryLedger {
  private readonly keys = new Map<string, number>();

  claim(key: string, expiresAtMs: number, nowMs: number): boolean {
    if (this.seen(key, nowMs)) return false;
    this.keys.set(key, expiresAtMs);
    if (this.keys.size % 500 === 0) for (const [k, exp] of this.keys) if (exp <= nowMs) this.keys.delete(k);
    return true;
  }

  seen(key: string, nowMs: number): boolean {
    const exp = this.keys.get(key);
    return exp !== undefined && exp > nowMs;
  }
}
