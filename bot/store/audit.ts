import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type AuditKeyring, NO_AUDIT_KEYS, UNKEYED } from './audit-keys.js';
import { canonicalJson } from './canonical-json.js';
import type { SqlDatabase } from './sql.js';
import type { AuditEntry, AuditInput, AuditVerification } from './types.js';
import * as check from './validate.js';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 hex of the canonical JSON of everything in the entry except its own hash (unkeyed entries). */
export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, atMs, kind, actor, payload, prevHash } = entry;
  return createHash('sha256').update(canonicalJson({ seq, atMs, kind, actor, payload, prevHash })).digest('hex');
}

/** HMAC-SHA256 hex with the key named by keyId, over the entry and the key id itself. */
export function keyedAuditHash(entry: Omit<AuditEntry, 'hash'>, keyId: string, key: Buffer): string {
  const { seq, atMs, kind, actor, payload, prevHash } = entry;
  return createHmac('sha256', key)
    .update(canonicalJson({ seq, atMs, kind, actor, payload, prevHash, keyId }))
    .digest('hex');
}

/** What verification could establish, beyond "the links are consistent". */
export interface AuditGuarantees {
  /** Entries whose HMAC was checked with a configured key. */
  keyed: number;
  /** Plain SHA-256 entries (written before a key was configured): anyone can recompute those. */
  unkeyed: number;
  /** Keyed entries whose key is not configured here: only their links were checked. */
  unverifiable: number;
  keyIds: string[];
}

interface AuditRow {
  seq: number;
  at_ms: number;
  kind: string;
  actor: string;
  payload: string;
  prev_hash: string;
  hash: string;
  key_id: string;
}

/** The hash-chained, append-only audit log. */
export class AuditLog {
  private readonly head;
  private readonly insert;
  private readonly list;
  private readonly all;

  constructor(
    db: SqlDatabase,
    private readonly keys: AuditKeyring = NO_AUDIT_KEYS,
  ) {
    this.head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      'INSERT INTO audit (seq, at_ms, kind, actor, payload, prev_hash, hash, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
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
    const keyId = this.keys.current ?? UNKEYED;
    const key = this.keys.current === undefined ? undefined : this.keys.keys.get(this.keys.current);
    const body = { seq, atMs, kind, actor, payload, prevHash };
    const hash = key ? keyedAuditHash(body, keyId, key) : auditHash(body);
    this.insert.run(seq, atMs, kind, actor, payloadText, prevHash, hash, keyId);
    return { seq, atMs, kind, actor, payload, prevHash, hash };
  }

  /** Entries with seq > sinceSeq (a paging cursor), oldest first. */
  listEntries(opts: { sinceSeq?: number; limit?: number } = {}): AuditEntry[] {
    const since = opts.sinceSeq === undefined ? 0 : check.nonNegativeInteger('sinceSeq', opts.sinceSeq);
    return this.list.all(since, check.limit(opts.limit)).map(toEntry);
  }

  /**
   * Walks the chain from the start. Each entry must follow its predecessor's seq, point at its
   * hash, and hash to what it stores: plain SHA-256 for unkeyed entries, the HMAC with its key id
   * for keyed ones (when that key is configured). The first that fails is named: an edited entry
   * fails its own hash; a deleted one leaves a gap; an edited-and-rehashed one breaks its
   * successor's link, and without the key it cannot be re-signed. Once the chain is keyed, an
   * unkeyed entry is a downgrade and fails. Entries removed from the end need an anchor to show.
   */
  verify(): AuditVerification {
    const { guarantees: _, ...result } = this.verifyDetailed();
    return result;
  }

  /**
   * verify() with what it could establish. With keys configured, an unkeyed entry fails unless
   * allowUnkeyedPrefix (a store that predates keying): else a forger would re-hash the whole
   * chain unkeyed.
   */
  verifyDetailed(opts: { allowUnkeyedPrefix?: boolean } = {}): AuditVerification & { guarantees: AuditGuarantees } {
    const strict = this.keys.keys.size > 0 && !opts.allowUnkeyedPrefix;
    let count = 0;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let keyedSeen = false;
    const g: AuditGuarantees = { keyed: 0, unkeyed: 0, unverifiable: 0, keyIds: [] };
    const done = (v: AuditVerification) => ({ ...v, guarantees: g });
    for (const row of this.all.iterate()) {
      const bad = (firstBadSeq: number, reason: string) => done({ ok: false, count, firstBadSeq, reason });
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
      const keyId = row.key_id ?? UNKEYED;
      if (keyId === UNKEYED) {
        if (keyedSeen) return bad(row.seq, 'unkeyed entry after keyed ones: the chain was rewritten without the key');
        if (strict)
          return bad(
            row.seq,
            'unkeyed entry while a key is configured: re-hashed without the key (for a store that predates keying, pass --allow-unkeyed-prefix)',
          );
        if (auditHash(entry) !== row.hash)
          return bad(row.seq, 'content does not match its hash: the entry was altered');
        g.unkeyed++;
      } else {
        keyedSeen = true;
        if (!g.keyIds.includes(keyId)) g.keyIds.push(keyId);
        const key = this.keys.keys.get(keyId);
        if (!key) g.unverifiable++;
        else if (!sameHex(keyedAuditHash(entry, keyId, key), row.hash))
          return bad(
            row.seq,
            `HMAC does not match with key ${keyId}: the entry was altered or re-signed without the key`,
          );
        else g.keyed++;
      }
      prevHash = row.hash;
      expectedSeq++;
      count++;
    }
    return done({ ok: true, count });
  }
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
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
