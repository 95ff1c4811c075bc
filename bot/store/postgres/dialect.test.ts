import { describe, expect, it } from 'vitest';
import { isPlainInsert, toPostgres } from './dialect.js';

describe('toPostgres', () => {
  it('numbers placeholders outside literals and types those tested only for NULL', () => {
    expect(toPostgres("SELECT '?' AS q FROM t WHERE (? IS NULL OR a = ?) AND b = 'it''s ?' LIMIT ?")).toBe(
      "SELECT '?' AS q FROM t WHERE ($1::text IS NULL OR a = $2) AND b = 'it''s ?' LIMIT $3",
    );
  });

  it('rewrites scalar MAX/MIN, the UTC day of epoch ms, and camelCase aliases', () => {
    expect(toPostgres('UPDATE r SET v = MAX(v, ?), w = MIN(w, 3) WHERE id = ?')).toBe(
      'UPDATE r SET v = GREATEST(v, $1), w = LEAST(w, 3) WHERE id = $2',
    );
    expect(toPostgres("SELECT strftime('%Y-%m-%d', at_ms / 1000, 'unixepoch') AS day, sum(c) AS costUsd FROM u")).toBe(
      "SELECT to_char(to_timestamp(at_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, sum(c) AS \"costUsd\" FROM u",
    );
  });

  it('turns INSERT OR IGNORE / OR REPLACE into ON CONFLICT, and names a table without a known key', () => {
    expect(toPostgres('INSERT OR IGNORE INTO m (k, v) VALUES (?, ?)')).toBe(
      'INSERT INTO m (k, v) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    );
    expect(
      toPostgres('INSERT OR REPLACE INTO precomputed_forecasts (set_id, work_unit, kind, payload) VALUES (?, ?, ?, ?)'),
    ).toBe(
      'INSERT INTO precomputed_forecasts (set_id, work_unit, kind, payload) VALUES ($1, $2, $3, $4) ON CONFLICT (set_id, work_unit, kind) DO UPDATE SET payload = EXCLUDED.payload',
    );
    expect(() => toPostgres('INSERT OR REPLACE INTO other (a) VALUES (?)')).toThrow(/add its key to REPLACE_KEYS/);
    expect([isPlainInsert('INSERT INTO t VALUES (1)'), isPlainInsert('INSERT INTO t VALUES (1) RETURNING id')]).toEqual(
      [true, false],
    );
  });
});
