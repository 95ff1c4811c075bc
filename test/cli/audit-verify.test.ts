// headroom audit verify reads without writing, refuses files that are not Headroom stores, and
// with --expect catches entries removed from the end (which the chain alone cannot show).
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../bot/store/index.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-audit-verify-'));
const T0 = Date.parse('2026-03-03T21:00:00Z');

function storeWithEntries(name: string, n: number): string {
  const path = join(dir, name);
  const store = openStore(path);
  for (let i = 0; i < n; i++) store.appendAudit({ atMs: T0 + i, kind: 'test.entry', actor: 'test', payload: { i } });
  store.close();
  return path;
}

describe('headroom audit verify', () => {
  it('prints the newest entry; --expect with it passes, and fails once entries are removed from the end', async () => {
    const db = storeWithEntries('truncate.db', 5);
    const ok = await runCli(['audit', 'verify', '--db', db]);
    expect(ok.code, ok.stderr).toBe(0);
    const newest = /newest entry (\d+:[0-9a-f]{64})/.exec(ok.stdout)?.[1];
    expect(newest).toMatch(/^5:/);
    expect((await runCli(['audit', 'verify', '--db', db, '--expect', newest!])).code).toBe(0);

    const raw = new Database(db);
    for (const t of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[])
      raw.exec(`DROP TRIGGER "${t.name}"`);
    raw.prepare('DELETE FROM audit WHERE seq >= 4').run();
    raw.close();

    const chainOnly = await runCli(['audit', 'verify', '--db', db]);
    expect(chainOnly.code).toBe(0); // the chain of what is left is intact
    expect(chainOnly.stdout).toContain('3 entries verified');
    const caught = await runCli(['audit', 'verify', '--db', db, '--expect', newest!]);
    expect(caught.code).toBe(1);
    expect(caught.stdout).toContain(
      `audit log TRUNCATED or rewritten: entry 5 with hash ${newest!.slice(2)} is not in the log`,
    );
  });

  it('refuses a SQLite file that is not a Headroom store, and leaves it as it was', async () => {
    const other = join(dir, 'other.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE t (x INTEGER)');
    raw.close();
    const before = statSync(other);
    const r = await runCli(['audit', 'verify', '--db', other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${other} is not a Headroom store (it has no Headroom schema)`);
    const after = new Database(other, { readonly: true });
    const tables = (
      after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name);
    after.close();
    expect(tables).toEqual(['t']);
    expect(statSync(other).mtimeMs).toBe(before.mtimeMs);
  });

  it('a malformed --expect is a usage error', async () => {
    const db = storeWithEntries('usage.db', 1);
    const r = await runCli(['audit', 'verify', '--db', db, '--expect', '5:nothex']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--expect must be SEQ:HASH as printed by audit verify');
  });
});
