// Who runs the work that must happen once per fleet (the shadow loop, polls on pushed alerts, the
// report scheduler). With SQLite there is one process: it always leads. With PostgreSQL every
// replica competes for a session advisory lock held on a dedicated connection: the server drops
// the lock with the connection, so a replica that dies or loses the database loses leadership.
import { createHash } from 'node:crypto';
import pg from 'pg';

export type Role = 'leader' | 'follower';

export interface Leadership {
  readonly role: Role;
  /** Called on every change of role, in order. */
  onChange(listener: (role: Role) => void): void;
  stop(): Promise<void>;
}

/** The embedded store: one process, always the leader. */
export function soleLeadership(): Leadership {
  return { role: 'leader', onChange: () => {}, stop: async () => {} };
}

export interface AdvisoryLeadershipOptions {
  url: string;
  /** Names the lock: replicas of one fleet compete, other fleets on the same database do not. */
  fleetName: string;
  /** How often a follower tries for the lock and a leader checks its connection (takeover ≤ about this). */
  retryMs: number;
  /** A leader whose connection does not answer within this steps down. */
  checkTimeoutMs?: number;
  applicationName?: string;
  log?: (event: 'acquired' | 'lost' | 'error', detail: string) => void;
}

/** The two int4 keys of pg_try_advisory_lock(int, int): Headroom's namespace and the fleet's. */
export function leaderLockKeys(fleetName: string): [number, number] {
  const digest = createHash('sha256').update(`headroom-leader:${fleetName}`).digest();
  return [0x4864_726d, digest.readInt32BE(0)]; // "Hdrm"
}

export class AdvisoryLeadership implements Leadership {
  private current: Role = 'follower';
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private ticking: Promise<void> = Promise.resolve();
  private readonly listeners: ((role: Role) => void)[] = [];
  private readonly keys: [number, number];

  constructor(private readonly opts: AdvisoryLeadershipOptions) {
    this.keys = leaderLockKeys(opts.fleetName);
  }

  get role(): Role {
    return this.current;
  }

  onChange(listener: (role: Role) => void): void {
    this.listeners.push(listener);
  }

  /** The first attempt, awaited; then one every retryMs. */
  async start(): Promise<this> {
    await this.tick();
    this.schedule();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    const c = this.client;
    this.client = undefined;
    // ending the session releases the lock at once (a clean handover, no wait for the retry)
    await c?.end().catch(() => {});
    this.set('follower', 'stopped');
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule());
    }, this.opts.retryMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const c = await this.connection();
      if (this.current === 'leader') {
        await c.query({ text: 'SELECT 1', query_timeout: this.opts.checkTimeoutMs ?? this.opts.retryMs } as never);
        return;
      }
      const res = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', this.keys);
      if (res.rows[0]?.ok) this.set('leader', 'took the advisory lock');
    } catch (err) {
      this.opts.log?.('error', (err as Error).message);
      this.drop(`the leadership connection failed: ${(err as Error).message}`);
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const c = new pg.Client({
      connectionString: this.opts.url,
      connectionTimeoutMillis: Math.max(1_000, this.opts.retryMs),
      application_name: this.opts.applicationName ?? 'headroom-leadership',
      keepAlive: true,
      keepAliveInitialDelayMillis: 1_000,
    });
    const lost = (why: string) => {
      if (this.client === c) this.drop(why);
    };
    c.on('error', (err) => lost(`the leadership connection failed: ${err.message}`));
    c.on('end', () => lost('the leadership connection closed'));
    try {
      await c.connect();
    } catch (err) {
      await c.end().catch(() => {});
      throw err;
    }
    this.client = c;
    return c;
  }

  /** Connection lost = leadership lost: the server released the lock with the session. */
  private drop(why: string): void {
    const c = this.client;
    this.client = undefined;
    void c?.end().catch(() => {});
    this.set('follower', why);
  }

  private set(role: Role, why: string): void {
    if (role === this.current) return;
    this.current = role;
    this.opts.log?.(role === 'leader' ? 'acquired' : 'lost', why);
    for (const l of this.listeners) l(role);
  }
}
