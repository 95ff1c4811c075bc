// The worker thread behind every PgDatabase of the process: one pg connection per session,
// answering one request at a time (the main thread is blocked on Atomics.wait until the reply is
// posted and the flag set). A lost connection is replaced on the session's next request; a
// transaction begun on a lost connection fails its later statements and its COMMIT, so no
// statement of it runs on another connection.
import { type MessagePort, workerData } from 'node:worker_threads';
import pg from 'pg';
import type { WorkerReply, WorkerRequest, WorkerSettings } from './protocol.js';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };

// int8 (count(*), bigint columns such as epoch ms) and numeric (sum of bigint) as JS numbers:
// the store's values are far inside 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

class Session {
  private client: pg.Client | undefined;
  private connectionId = 0;
  private failedAt = 0;
  private lastFailure = '';

  constructor(private readonly settings: WorkerSettings) {}

  async connection(): Promise<{ client: pg.Client; id: number }> {
    if (this.client) return { client: this.client, id: this.connectionId };
    if (Date.now() - this.failedAt < this.settings.retryAfterMs) throw new Error(this.lastFailure);
    const c = new pg.Client({
      connectionString: this.settings.url,
      connectionTimeoutMillis: this.settings.connectTimeoutMs,
      statement_timeout: this.settings.statementTimeoutMs,
      application_name: this.settings.applicationName,
      keepAlive: true,
    });
    const lost = () => {
      if (this.client === c) this.client = undefined;
    };
    c.on('error', lost);
    c.on('end', lost);
    try {
      await c.connect();
    } catch (err) {
      this.failedAt = Date.now();
      this.lastFailure = `PostgreSQL unreachable: ${(err as Error).message}`;
      await c.end().catch(() => {});
      throw new Error(this.lastFailure);
    }
    this.client = c;
    this.connectionId++;
    return { client: c, id: this.connectionId };
  }

  /** The connection the session has now, if any (without connecting). */
  current(): number | undefined {
    return this.client ? this.connectionId : undefined;
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }
}

const sessions = new Map<number, Session>();
const done = (connection: number): WorkerReply => ({ ok: true, rows: [], rowCount: 0, connection });

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  if (req.op === 'open') {
    sessions.set(req.session, new Session(req.settings));
    return done(0);
  }
  const session = sessions.get(req.session);
  if (!session) throw new Error(`PostgreSQL store session ${req.session} is not open`);
  if (req.op === 'close') {
    sessions.delete(req.session);
    await session.close();
    return done(0);
  }
  if (req.op === 'end' && session.current() !== req.connection) {
    // the transaction's connection is gone, and the server rolled it back with it
    if (req.sql === 'ROLLBACK') return done(session.current() ?? 0);
    throw new Error('the PostgreSQL connection was lost before COMMIT: the transaction was rolled back');
  }
  const { client, id } = await session.connection();
  if (req.op === 'query' && req.connection !== undefined && req.connection !== id) {
    throw new Error('the PostgreSQL connection was lost during the transaction');
  }
  const sql = req.op === 'ping' ? 'SELECT 1' : req.sql;
  // a Buffer arrives as a Uint8Array (structured clone): pg sends only Buffers as bytea
  const params = req.op === 'query' ? req.params.map((p) => (p instanceof Uint8Array ? Buffer.from(p) : p)) : [];
  const res = await client.query({ text: sql, values: params });
  // a multi-statement text (exec, begin) gives one result per statement
  const last = Array.isArray(res) ? res[res.length - 1] : res;
  return { ok: true, rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0, connection: id };
}

port.on('message', (req: WorkerRequest) => {
  void handle(req)
    .catch((err: Error & { code?: string }): WorkerReply => {
      const reply: WorkerReply = { ok: false, message: err.message };
      if (typeof err.code === 'string') reply.code = err.code;
      return reply;
    })
    .then((reply) => {
      port.postMessage(reply);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    });
});
