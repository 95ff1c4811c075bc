import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { auditHash, GENESIS_HASH } from './audit.js';
import { canonicalJson } from './canonical-json.js';
import { openStore } from './store.js';
import { content, T0, tempDbPath } from './test-helpers.js';

const N = 12;

/** A store file holding N audit entries of assorted kinds, closed. */
function storeWithEntries(): string {
  const path = tempDbPath();
  const store = openStore(path);
  const rec = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) }); // seq 1
  for (let i = 2; i < N; i++)
    store.appendAudit({ atMs: T0 + i, kind: 'access.refused', actor: `U${i}`, payload: { i, why: 'not on-call' } });
  store.closeRecommendation(rec.id, { atMs: T0 + N, resolution: 'recovered' }); // seq N
  expect(store.verifyAudit()).toEqual({ ok: true, count: N });
  store.close();
  return path;
}

/** Raw access, as an attacker with the file would have: triggers dropped first. */
function tamper(path: string, edit: (db: Database.Database) => void) {
  const db = new Database(path);
  db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  edit(db);
  db.close();
}

function verify(path: string) {
  const store = openStore(path);
  try {
    return store.verifyAudit();
  } finally {
    store.close();
  }
}

describe('audit log', () => {
  it('chains entries: seq from 1, genesis prevHash, hash over the canonical JSON of the entry', () => {
    const store = openStore(':memory:');
    const first = store.appendAudit({ atMs: T0, kind: 'access.refused', actor: 'U1', payload: { b: 2, a: 1 } });
    const second = store.appendAudit({ atMs: T0 + 1, kind: 'access.refused', actor: 'U2', payload: null });
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    const expected = createHash('sha256')
      .update(
        canonicalJson({
          seq: 1,
          atMs: T0,
          kind: 'access.refused',
          actor: 'U1',
          payload: { a: 1, b: 2 },
          prevHash: GENESIS_HASH,
        }),
      )
      .digest('hex');
    expect(first.hash).toBe(expected);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(store.listAudit()).toEqual([first, second]);
    store.close();
  });

  it('verifies a chain of N entries, and an empty one', () => {
    expect(openStore(':memory:').verifyAudit()).toEqual({ ok: true, count: 0 });
    expect(verify(storeWithEntries())).toEqual({ ok: true, count: N });
  });

  it('pages with sinceSeq and limit', () => {
    const store = openStore(storeWithEntries());
    expect(store.listAudit({ sinceSeq: 3, limit: 4 }).map((e) => e.seq)).toEqual([4, 5, 6, 7]);
    expect(store.listAudit({ sinceSeq: N })).toEqual([]);
    expect(() => store.listAudit({ sinceSeq: -1 })).toThrow(HeadroomError);
    store.close();
  });

  it('rejects entries without kind, actor or a valid time', () => {
    const store = openStore(':memory:');
    expect(() => store.appendAudit({ atMs: T0, kind: '', actor: 'U', payload: {} })).toThrow(/kind/);
    expect(() => store.appendAudit({ atMs: T0, kind: 'k', actor: '', payload: {} })).toThrow(/actor/);
    expect(() => store.appendAudit({ atMs: -5, kind: 'k', actor: 'U', payload: {} })).toThrow(/atMs/);
    expect(store.listAudit()).toEqual([]);
    store.close();
  });

  it('forbids UPDATE and DELETE through triggers', () => {
    const path = storeWithEntries();
    const db = new Database(path);
    expect(() => db.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = 3").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE seq = 3').run()).toThrow(/append-only/);
    db.close();
    expect(verify(path)).toEqual({ ok: true, count: N });
  });

  it('TAMPER: a modified payload names that entry', () => {
    const path = storeWithEntries();
    tamper(path, (db) => db.prepare(`UPDATE audit SET payload = '{"i":5,"why":"on-call"}' WHERE seq = 5`).run());
    expect(verify(path)).toMatchObject({
      ok: false,
      count: 4,
      firstBadSeq: 5,
      reason: expect.stringMatching(/altered/),
    });
  });

  it('TAMPER: a modified actor or time on the first entry names entry 1', () => {
    const path = storeWithEntries();
    tamper(path, (db) => db.prepare('UPDATE audit SET at_ms = at_ms + 1 WHERE seq = 1').run());
    expect(verify(path)).toMatchObject({ ok: false, count: 0, firstBadSeq: 1 });
  });

  it('TAMPER: a deleted entry names the missing seq', () => {
    const path = storeWithEntries();
    tamper(path, (db) => db.prepare('DELETE FROM audit WHERE seq = 7').run());
    expect(verify(path)).toMatchObject({
      ok: false,
      count: 6,
      firstBadSeq: 7,
      reason: expect.stringMatching(/missing/),
    });
  });

  it('TAMPER: a modified and re-hashed entry is caught at its successor', () => {
    const path = storeWithEntries();
    tamper(path, (db) => {
      const row = db
        .prepare<[], { seq: number; at_ms: number; kind: string; actor: string; prev_hash: string }>(
          'SELECT * FROM audit WHERE seq = 4',
        )
        .get()!;
      const payload = { i: 4, why: 'allowed after all' };
      const hash = auditHash({
        seq: 4,
        atMs: row.at_ms,
        kind: row.kind,
        actor: row.actor,
        payload,
        prevHash: row.prev_hash,
      });
      db.prepare('UPDATE audit SET payload = ?, hash = ? WHERE seq = 4').run(canonicalJson(payload), hash);
    });
    expect(verify(path)).toMatchObject({
      ok: false,
      count: 4,
      firstBadSeq: 5,
      reason: expect.stringMatching(/prevHash/),
    });
  });

  it('TAMPER: a payload that is no longer JSON is named', () => {
    const path = storeWithEntries();
    tamper(path, (db) => db.prepare(`UPDATE audit SET payload = '{not json' WHERE seq = 2`).run());
    expect(verify(path)).toMatchObject({ ok: false, count: 1, firstBadSeq: 2, reason: 'payload is not valid JSON' });
  });

  it('writes the audit entry in the same transaction as the change it records', () => {
    const path = tempDbPath();
    const store = openStore(path);
    // Make the audit insert fail: the recommendation must not be written either.
    const db = new Database(path);
    db.exec("CREATE TRIGGER audit_refuse BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit down'); END;");
    db.close();
    expect(() => store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) })).toThrow(/audit down/);
    expect(store.listRecommendations()).toEqual([]);
    expect(() => store.recordObservations(T0, [])).toThrow(/audit down/);
    store.close();
  });
});
