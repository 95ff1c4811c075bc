// What only the PostgreSQL store has: its own migration list (kept in step with SQLite's), its
// schema version table, and the errors for a server that is gone or a schema from the future.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { MIGRATIONS, openStore } from '../../bot/store/index.js';
import { PG_MIGRATIONS } from '../../bot/store/postgres/migrations.js';
import { redactedUrl } from '../../bot/store/postgres/open.js';
import { type PostgresServer, startPostgres } from '../helpers/postgres-server.js';
import { freePort } from '../telemetry/helpers/processes.js';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

async function sql(url: string, text: string): Promise<unknown[]> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

describe('PostgreSQL store', () => {
  it('has one PostgreSQL step for every SQLite migration, with the same description', () => {
    expect(PG_MIGRATIONS.map((m) => m.description)).toEqual(MIGRATIONS.map((m) => m.description));
  });

  it('records the schema version, and two stores opening at once migrate once', async () => {
    const url = await server.freshDatabase();
    const a = openStore(url);
    const b = openStore(url);
    expect(await sql(url, 'SELECT version FROM headroom_schema')).toEqual([{ version: PG_MIGRATIONS.length }]);
    a.close();
    b.close();
  });

  it('refuses a database written by a newer Headroom, with a clear error', async () => {
    const url = await server.freshDatabase();
    openStore(url).close();
    await sql(url, `UPDATE headroom_schema SET version = ${PG_MIGRATIONS.length + 1}`);
    expect(() => openStore(url)).toThrow(
      new RegExp(
        `schema version ${PG_MIGRATIONS.length + 1}, newer than the ${PG_MIGRATIONS.length} this Headroom knows`,
      ),
    );
  });

  it('says the server is unreachable, without the password', async () => {
    const port = await freePort();
    const url = `postgres://headroom:s3cret@127.0.0.1:${port}/headroom`;
    let error: unknown;
    try {
      openStore(url, { connectTimeoutMs: 2_000 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HeadroomError);
    expect((error as HeadroomError).code).toBe('RUNTIME');
    expect((error as Error).message).toMatch(
      /cannot open store postgres:\/\/headroom:\*\*\*@127\.0\.0\.1.*unreachable.*ECONNREFUSED/,
    );
    expect((error as Error).message).not.toContain('s3cret');
    expect(redactedUrl('postgres://u:p@h/d')).toBe('postgres://u:***@h/d');
  });

  it('fails while the server is down and works again once it is back, without reopening', async () => {
    const url = await server.freshDatabase();
    const store = openStore(url);
    store.setMeta('before', '1');
    await server.crash();
    expect(() => store.setMeta('during', '1')).toThrow(/store unavailable/);
    expect(() => store.ping()).toThrow(HeadroomError);
    await server.start();
    await new Promise((r) => setTimeout(r, 1_100)); // the worker retries connecting after a second
    store.setMeta('after', '1');
    expect([store.getMeta('before'), store.getMeta('during'), store.getMeta('after')]).toEqual(['1', undefined, '1']);
    expect(store.verifyAudit().ok).toBe(true);
    store.close();
  });
});
