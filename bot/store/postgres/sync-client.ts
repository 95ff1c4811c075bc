// Synchronous calls into the PostgreSQL worker: post the request, block on Atomics.wait until the
// worker flags its reply, read it with receiveMessageOnPort. This keeps the store's interface
// synchronous on both databases (better-sqlite3 is synchronous), at the price of blocking the
// event loop for each round trip (well under a millisecond on a local network, bounded by the
// timeouts when the server is slow or gone).
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { HeadroomError } from '../../../analytics/errors.js';
import type { WorkerReply, WorkerRequest, WorkerSettings } from './protocol.js';

export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

/**
 * Loads the worker's module next to this one: compiled .js, or .ts through tsx's loader (a
 * worker's execArgv cannot carry --import). A module that fails to load answers every request
 * with the reason, so the blocked caller gets an error rather than a timeout.
 */
function bootstrap(): string {
  const ts = import.meta.url.endsWith('.ts');
  const worker = new URL(ts ? './pg-worker.ts' : './pg-worker.js', import.meta.url).href;
  const tsx = ts ? import.meta.resolve('tsx/esm/api') : '';
  return `
    const { workerData } = require('node:worker_threads');
    (async () => {
      try {
        if (${JSON.stringify(tsx)}) (await import(${JSON.stringify(tsx)})).register();
        await import(${JSON.stringify(worker)});
      } catch (e) {
        const { port, flag } = workerData;
        port.on('message', () => {
          port.postMessage({ ok: false, message: 'the PostgreSQL worker failed to load: ' + e.message });
          Atomics.store(flag, 0, 1);
          Atomics.notify(flag, 0);
        });
      }
    })();`;
}

/** The process's one worker thread, started on first use and never holding the process open. */
let shared: { worker: Worker; port: MessagePort; flag: Int32Array } | undefined;
let sessions = 0;

function worker() {
  if (!shared) {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const w = new Worker(bootstrap(), {
      eval: true,
      workerData: { port: port2, flag },
      transferList: [port2],
      stdout: false,
      stderr: false,
    });
    w.unref();
    port1.unref();
    shared = { worker: w, port: port1, flag };
  }
  return shared;
}

/** One session of the shared worker: its own PostgreSQL connection, called synchronously. */
export class SyncPgClient {
  private readonly session = ++sessions;
  private closed = false;
  /** How long a call may block before the store gives up on the worker (beyond the server's timeouts). */
  private readonly waitMs: number;

  constructor(readonly settings: WorkerSettings) {
    this.waitMs = settings.connectTimeoutMs + settings.statementTimeoutMs + 15_000;
    this.call({ op: 'open', settings });
  }

  call(req: DistributiveOmit<WorkerRequest, 'session'>): Extract<WorkerReply, { ok: true }> {
    if (this.closed) throw new HeadroomError('RUNTIME', 'the PostgreSQL store is closed');
    const { port, flag } = worker();
    Atomics.store(flag, 0, 0);
    port.postMessage({ ...req, session: this.session });
    if (Atomics.wait(flag, 0, 0, this.waitMs) === 'timed-out') {
      throw new HeadroomError('RUNTIME', `PostgreSQL store: no answer within ${this.waitMs} ms`);
    }
    const reply = receiveMessageOnPort(port)?.message as WorkerReply | undefined;
    if (!reply) throw new HeadroomError('RUNTIME', 'PostgreSQL store: the worker flagged a reply it did not send');
    if (!reply.ok) throw new PgError(reply.message, reply.code);
    return reply;
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ op: 'close' });
    } catch {
      // closing anyway
    }
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
