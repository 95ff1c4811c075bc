import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { MIGRATIONS } from './migrations.js';
import { connect, openStore } from './store.js';
import { content, T0, tempDbPath } from './test-helpers.js';

function pragma(path: string, name: string): unknown {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.pragma(name, { simple: true });
  } finally {
    raw.close();
  }
}

describe('openStore and migrations', () => {
  it('creates the parent directory, uses WAL and records the schema version', () => {
    const path = tempDbPath('nested/deeper/headroom.db');
    openStore(path).close();
    expect(pragma(path, 'user_version')).toBe(MIGRATIONS.length);
    expect(pragma(path, 'journal_mode')).toBe('wal');
  });

  it('is idempotent on reopen and keeps the data', () => {
    const path = tempDbPath();
    const first = openStore(path);
    first.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
    first.close();
    for (let i = 0; i < 3; i++) {
      const again = openStore(path);
      expect(again.listRecommendations()).toHaveLength(1);
      again.close();
    }
    expect(pragma(path, 'user_version')).toBe(MIGRATIONS.length);
  });

  it('upgrades a database written at every earlier schema version, keeping its data', () => {
    for (let version = 1; version < MIGRATIONS.length; version++) {
      const path = tempDbPath();
      const raw = new Database(path);
      for (const step of MIGRATIONS.slice(0, version)) raw.exec(step.sql);
      raw.pragma(`user_version = ${version}`);
      raw
        .prepare(
          `INSERT INTO recommendations (work_unit, episode, revision, verdict, confidence, summary, payload,
             opened_at_ms, updated_at_ms, message_channel, message_ts)
           VALUES ('eu-west-1', 'eu-west-1@1', 1, 'failover', 'high', 'drain it', '{}', ?, ?, 'C1', '1.5')`,
        )
        .run(T0, T0);
      raw.close();
      const store = openStore(path);
      expect(store.recommendationOfMessage('C1', '1.5')?.workUnit).toBe('eu-west-1');
      expect(store.laggingMessages()).toEqual([]); // what was there before counts as shown
      store.close();
      expect(pragma(path, 'user_version')).toBe(MIGRATIONS.length);
    }
  });

  it('refuses a database written by a newer Headroom, with a clear error', () => {
    const path = tempDbPath();
    openStore(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    let error: unknown;
    try {
      openStore(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HeadroomError);
    expect((error as HeadroomError).code).toBe('INPUT_INVALID');
    expect((error as HeadroomError).message).toContain(
      `schema version ${MIGRATIONS.length + 1}, newer than the ${MIGRATIONS.length} this Headroom knows`,
    );
  });

  it('refuses a file that is not a SQLite database', async () => {
    const path = tempDbPath();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'this is not sqlite, just some text that is long enough to have a header');
    expect(() => openStore(path)).toThrow(/cannot open store/);
  });

  it('turns on foreign keys and a busy timeout', () => {
    const db = connect(tempDbPath());
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(() =>
      db
        .prepare(
          "INSERT INTO decisions (recommendation_id, user_id, at_ms, kind, content, followed) VALUES (42, 'U', 0, 'follow', '{}', 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('works in memory', () => {
    const store = openStore(':memory:');
    expect(store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) }).revision).toBe(1);
    store.close();
  });

  it('rejects an empty path', () => {
    expect(() => openStore('')).toThrow(HeadroomError);
  });
});
