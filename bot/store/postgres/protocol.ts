// Messages between the store (main thread, synchronous) and its PostgreSQL worker (asynchronous pg).

export interface WorkerSettings {
  url: string;
  /** Connecting gives up after this long (the caller is blocked meanwhile). */
  connectTimeoutMs: number;
  /** A statement running longer is cancelled by the server. */
  statementTimeoutMs: number;
  /** After a failed connect, calls fail at once for this long instead of each trying again. */
  retryAfterMs: number;
  applicationName: string;
}

/** Every request names its session (one per PgDatabase): its own connection, settings and state. */
export type WorkerRequest = { session: number } & (
  | { op: 'open'; settings: WorkerSettings }
  | { op: 'query'; sql: string; params: unknown[]; connection?: number }
  | { op: 'begin'; sql: string }
  | { op: 'end'; sql: string; connection: number }
  | { op: 'ping' }
  | { op: 'close' }
);

export type WorkerReply =
  | { ok: true; rows: Record<string, unknown>[]; rowCount: number; connection: number }
  | { ok: false; message: string; code?: string };
