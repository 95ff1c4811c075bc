// The worker thread behind PgDatabase: owns one pg connection and answers one request at a time
// (the main thread is blocked on Atomics.wait until the reply is posted and the flag set).
// A lost connection is replaced on the next request; a transaction that started on a lost
// connection fails every later statement until it ends, so no statement of it runs on another.
import { type MessagePort, workerData } from 'node:worker_threads';
import pg from 'pg';
import type { WorkerReply, WorkerRequest, WorkerSettings } from './protocol.js';

const { port, flag, settings } = workerData as { port: MessagePort; flag: Int32Array; settings: WorkerSettings };

// int8 (count(*), bigint columns such as epoch ms) and numeric (sum of bigint) as JS numbers:
// the store's values are far inside 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

let client: pg.Client | undefined;
let connectionId = 0;
let failedAt = 0;
let lastFailure = '';

async function connection(): Promise<{ client: pg.Client; id: number }> {
  if (client) return { client, id: connectionId };
  if (Date.now() - failedAt < settings.retryAfterMs) throw new Error(lastFailure);
  const c = new pg.Client({
    connectionString: settings.url,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    statement_timeout: settings.statementTimeoutMs,
    application_name: settings.applicationName,
    keepAlive: true,
  });
  const lost = () => {
    if (client === c) client = undefined;
  };
  c.on('error', lost);
  c.on('end', lost);
  try {
    await c.connect();
  } catch (err) {
    failedAt = Date.now();
    lastFailure = `PostgreSQL unreachable: ${(err as Error).message}`;
    await c.end().catch(() => {});
    throw new Error(lastFailure);
  }
  client = c;
  connectionId++;
  return { client: c, id: connectionId };
}

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  if (req.op === 'close') {
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
    return { ok: true, rows: [], rowCount: 0, connection: 0 };
  }
  if (req.op === 'end' && (!client || connectionId !== req.connection)) {
    // the transaction's connection is gone, and the server rolled it back with it
    if (req.sql === 'ROLLBACK') return { ok: true, rows: [], rowCount: 0, connection: connectionId };
    throw new Error('the PostgreSQL connection was lost before COMMIT: the transaction was rolled back');
  }
  const { client: c, id } = await connection();
  if (req.op === 'query' && req.connection !== undefined && req.connection !== id) {
    throw new Error('the PostgreSQL connection was lost during the transaction');
  }
  const sql = req.op === 'ping' ? 'SELECT 1' : req.sql;
  const params = req.op === 'query' ? req.params : [];
  const res = await c.query({ text: sql, values: params });
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
      if (req.op === 'close') port.close();
    });
});
