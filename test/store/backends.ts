// The store backends the contract suite runs on: a SQLite file in a temporary directory, and a
// fresh database on a real PostgreSQL started for the suite (test/helpers/postgres-server.ts).
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openStore, type Store } from '../../bot/store/index.js';
import { tempDbPath } from '../../bot/store/test-helpers.js';
import { type PostgresServer, startPostgres } from '../helpers/postgres-server.js';

export type BackendName = 'sqlite' | 'postgres';

export interface StoreBackend {
  name: BackendName;
  /** This test's store location (a file path or a postgres:// URL); fresh for every test. */
  location(): string;
  /** openStore(location()). */
  open(): Store;
  /** Runs SQL on this test's database outside the store, as someone with direct access would. */
  raw(sql: string): Promise<void>;
  /** The PostgreSQL server (postgres backend only), e.g. to crash it. */
  server?: PostgresServer;
}

/** Registers the hooks that give each test a fresh location; call inside the backend's describe. */
export function useBackend(name: BackendName): StoreBackend {
  let current = '';
  const backend: StoreBackend = {
    name,
    location: () => current,
    open: () => openStore(current),
    async raw(sql) {
      if (name === 'sqlite') {
        const db = new Database(current);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
        return;
      }
      const client = new pg.Client(current);
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
  };
  if (name === 'sqlite') {
    beforeEach(() => {
      current = tempDbPath();
    });
    return backend;
  }
  beforeAll(async () => {
    backend.server = await startPostgres();
  });
  afterAll(async () => {
    await backend.server?.stop();
  });
  beforeEach(async () => {
    current = await backend.server!.freshDatabase();
  });
  return backend;
}
