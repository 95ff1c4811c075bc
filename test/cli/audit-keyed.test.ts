// The review's attack on the audit log: drop the guard triggers, edit an entry, recompute the
// chain. With a keyed chain that needs the key; with an anchor it needs the anchor file too.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { anchorNewestEntry } from '../../bot/store/anchor-newest.js';
import { auditHash, auditKeyringFromEnv, canonicalJson, openStore, verifyAuditFile } from '../../bot/store/index.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-audit-keyed-'));
const T0 = Date.parse('2026-03-03T21:00:00Z');
const KEY = 'k'.repeat(16) + '0123456789abcdef0123';
const ENV = { HEADROOM_AUDIT_KEY: KEY };

function keyedStore(name: string, n: number, env: Record<string, string> = ENV): string {
  const path = join(dir, name);
  const store = openStore(path, { auditKeys: auditKeyringFromEnv(env) });
  for (let i = 0; i < n; i++) store.appendAudit({ atMs: T0 + i, kind: 'test.entry', actor: 'test', payload: { i } });
  store.close();
  return path;
}

/** What someone holding only the database file does: edit entry 2 and recompute every hash after it. */
function rewriteWithoutKey(path: string, keepKeyId: boolean) {
  const raw = new Database(path);
  for (const t of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[])
    raw.exec(`DROP TRIGGER "${t.name}"`);
  raw.prepare('UPDATE audit SET payload = ? WHERE seq = 2').run(canonicalJson({ i: 'forged' }));
  const rows = raw.prepare('SELECT * FROM audit ORDER BY seq').all() as Array<{
    seq: number;
    at_ms: number;
    kind: string;
    actor: string;
    payload: string;
    key_id: string;
  }>;
  let prevHash = '0'.repeat(64);
  for (const r of rows) {
    const entry = { seq: r.seq, atMs: r.at_ms, kind: r.kind, actor: r.actor, payload: JSON.parse(r.payload), prevHash };
    const hash = auditHash(entry);
    raw
      .prepare('UPDATE audit SET prev_hash = ?, hash = ?, key_id = ? WHERE seq = ?')
      .run(prevHash, hash, keepKeyId ? r.key_id : 'sha256', r.seq);
    prevHash = hash;
  }
  raw.close();
}

describe('keyed audit chain', () => {
  it('an edited and re-hashed chain is caught with the key, whether or not the forger keeps the key ids', async () => {
    const keys = auditKeyringFromEnv(ENV);
    const kept = keyedStore('rewrite-kept.db', 5);
    expect(verifyAuditFile(kept, { keys }).ok).toBe(true);
    rewriteWithoutKey(kept, true);
    expect(verifyAuditFile(kept, { keys })).toMatchObject({ ok: false, firstBadSeq: 1 });
    // the chain-only check (no key) is fooled, as the review found
    expect(verifyAuditFile(kept).ok).toBe(true);

    const db = keyedStore('rewrite-unkeyed.db', 5);
    rewriteWithoutKey(db, false);
    const res = await runCli(['audit', 'verify', '--db', db], ENV);
    expect(res.code, res.stdout).toBe(1);
    expect(res.stdout).toMatch(/BROKEN at entry 1: unkeyed entry while a key is configured/);
    // a store from before keying: its unkeyed entries pass when said so, and are counted
    const legacy = verifyAuditFile(db, { keys, allowUnkeyedPrefix: true });
    expect(legacy).toMatchObject({ ok: true, guarantees: { unkeyed: 5, keyed: 0 } });
  });

  it('without the key it says the keyed entries are not authenticated', async () => {
    const db = keyedStore('nokey.db', 3);
    const res = await runCli(['audit', 'verify', '--db', db]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/3 keyed entries NOT authenticated: no key configured/);
    expect(verifyAuditFile(db, { keys: auditKeyringFromEnv(ENV) }).guarantees).toMatchObject({
      keyed: 3,
      unkeyed: 0,
      unverifiable: 0,
    });
  });

  it('rotates keys: old entries verify with the old key id, new ones with the current one', async () => {
    const keyFile = join(dir, 'keys');
    writeFileSync(keyFile, `old:${KEY}\n`);
    const db = keyedStore('rotate.db', 2, { HEADROOM_AUDIT_KEY_FILE: keyFile });
    writeFileSync(keyFile, `old:${KEY}\nnew:${'n'.repeat(40)}\n`);
    const store = openStore(db, { auditKeys: auditKeyringFromEnv({ HEADROOM_AUDIT_KEY_FILE: keyFile }) });
    store.appendAudit({ atMs: T0 + 9, kind: 'test.entry', actor: 'test', payload: { i: 9 } });
    store.close();
    const both = verifyAuditFile(db, { keys: auditKeyringFromEnv({ HEADROOM_AUDIT_KEY_FILE: keyFile }) });
    expect(both).toMatchObject({ ok: true, guarantees: { keyed: 3, keyIds: ['old', 'new'] } });
    writeFileSync(keyFile, `new:${'n'.repeat(40)}\n`);
    const newOnly = verifyAuditFile(db, { keys: auditKeyringFromEnv({ HEADROOM_AUDIT_KEY_FILE: keyFile }) });
    expect(newOnly).toMatchObject({ ok: true, guarantees: { keyed: 1, unverifiable: 2 } });
  });

  it('refuses a short key with a clear error', () => {
    expect(() => auditKeyringFromEnv({ HEADROOM_AUDIT_KEY: 'short' })).toThrow(/at least 32/);
  });
});

describe('anchored audit chain', () => {
  it('catches entries removed from the end', async () => {
    const db = keyedStore('truncate.db', 5);
    const anchors = join(dir, 'truncate.anchors');
    const anchored = await runCli(['audit', 'anchor', '--db', db, '--anchor-file', anchors]);
    expect(anchored.stdout).toMatch(/anchored entry 5:/);
    expect(anchorNewestEntry(db, anchors, T0)?.seq).toBe(5); // the same newest entry is not repeated
    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_no_delete');
    raw.prepare('DELETE FROM audit WHERE seq >= 4').run();
    raw.close();
    const res = await runCli(['audit', 'verify', '--db', db, '--anchor-file', anchors], ENV);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('anchor: BROKEN at entry 5: anchored entry 5 is not in the log');
  });

  it('catches a chain re-signed by someone who holds the key', async () => {
    const db = keyedStore('resign.db', 4);
    const anchors = join(dir, 'resign.anchors');
    anchorNewestEntry(db, anchors, T0);
    // The insider rebuilds the store from scratch with the key and a forged history.
    const forged = join(dir, 'forged.db');
    const store = openStore(forged, { auditKeys: auditKeyringFromEnv(ENV) });
    for (let i = 0; i < 4; i++)
      store.appendAudit({ atMs: T0 + i, kind: 'test.entry', actor: 'test', payload: { i: i === 1 ? 'forged' : i } });
    store.close();
    const res = verifyAuditFile(forged, { keys: auditKeyringFromEnv(ENV), anchorFile: anchors });
    expect(res.ok).toBe(true); // the key alone cannot tell
    expect(res.anchor).toMatchObject({ ok: false, seq: 4 });
    expect(res.anchor?.ok === false && res.anchor.reason).toContain('entry 4 no longer has its anchored hash');
    expect(readFileSync(anchors, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
