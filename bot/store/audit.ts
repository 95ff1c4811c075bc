import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { SqlDatabase } from './sql.js';
import type { AuditEntry, AuditInput, AuditVerification } from './types.js';
import * as check from './validate.js';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 hex of the canonical JSON of everything in the entry except its own hash. */
export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, atMs, kind, actor, payload, prevHash } = entry;
  return createHash('sha256').update(canonicalJson({ seq, atMs, kind, actor, payload, prevHash })).digest('hex');
}

interface AuditRow {
  seq: number;
  at_ms: number;
  kind: string;
  actor: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** The hash-chained, append-only audit log. */
export class AuditLog {
  private readonly head;
  private readonly insert;
  private readonly list;
  private readonly all;

  constructor(db: SqlDatabase) {
    this.head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      'INSERT INTO audit (seq, at_ms, kind, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.list = db.prepare<[number, number], AuditRow>('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?');
    this.all = db.prepare<[], AuditRow>('SELECT * FROM audit ORDER BY seq');
  }

  /**
   * Appends one entry. Call inside the caller's write transaction (the Store's mutations do), so
   * the entry and the change it records commit together and the head read here cannot go stale.
   */
  append(input: AuditInput): AuditEntry {
    const atMs = check.epochMs('atMs', input.atMs);
    const kind = check.text('kind', input.kind);
    const actor = check.text('actor', input.actor);
    const payloadText = canonicalJson(input.payload);
    // Hash what will be read back, so verification sees exactly what was hashed.
    const payload: unknown = JSON.parse(payloadText);
    const last = this.head.get();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = auditHash({ seq, atMs, kind, actor, payload, prevHash });
    this.insert.run(seq, atMs, kind, actor, payloadText, prevHash, hash);
    return { seq, atMs, kind, actor, payload, prevHash, hash };
  }

  /** Entries with seq > sinceSeq (a paging cursor), oldest first. */
  listEntries(opts: { sinceSeq?: number; limit?: number } = {}): AuditEntry[] {
    const since = opts.sinceSeq === undefined ? 0 : check.nonNegativeInteger('sinceSeq', opts.sinceSeq);
    return this.list.all(since, check.limit(opts.limit)).map(toEntry);
  }

  /**
   * Walks the chain from the start. Each entry must follow its predecessor's seq, point at its
   * hash, and hash to what it stores. The first that fails is named: an edited entry fails its
   * own hash; a deleted one leaves a gap; an edited-and-rehashed one breaks its successor's link.
   * Removing entries from the end cannot be seen from the chain alone.
   */
  verify(): AuditVerification {
    let count = 0;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (const row of this.all.iterate()) {
      const bad = (firstBadSeq: number, reason: string): AuditVerification => ({
        ok: false,
        count,
        firstBadSeq,
        reason,
      });
      if (row.seq !== expectedSeq) {
        return bad(expectedSeq, `entry ${expectedSeq} is missing (the next entry present is ${row.seq})`);
      }
      if (row.prev_hash !== prevHash) {
        return bad(row.seq, `prevHash does not match the hash of entry ${row.seq - 1}: one of the two was altered`);
      }
      let entry: AuditEntry;
      try {
        entry = toEntry(row);
      } catch {
        return bad(row.seq, 'payload is not valid JSON');
      }
      if (auditHash(entry) !== row.hash) {
        return bad(row.seq, 'content does not match its hash: the entry was altered');
      }
      prevHash = row.hash;
      expectedSeq++;
      count++;
    }
    return { ok: true, count };
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    atMs: row.at_ms,
    kind: row.kind,
    actor: row.actor,
    payload: JSON.parse(row.payload) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
