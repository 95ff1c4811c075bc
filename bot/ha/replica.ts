// What `headroom start` adds around the bot so that it can run as one of several replicas and be
// watched: leadership (advisory lock on PostgreSQL, always-leader on SQLite) audited and logged,
// a check that every replica runs the same fleet file, Headroom's metrics, and the ops endpoints.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { HeadroomError } from '../../analytics/errors.js';
import type { EdgeAgentClient } from '../../tools/edge/client.js';
import { createMetrics, type HeadroomMetrics } from '../ops/metrics.js';
import { type OpsServer, opsListenFrom, type Readiness, startOpsServer } from '../ops/ops-server.js';
import { type Store, SYSTEM_ACTOR } from '../store/index.js';
import { AdvisoryLeadership, type Leadership, type Role, soleLeadership } from './leadership.js';

export const DEFAULT_LEADER_RETRY_MS = 5_000;
const FLEET_DIGEST_META = 'fleet.digest';

export interface Replica {
  id: string;
  leadership: Leadership;
  metrics: HeadroomMetrics;
  ops?: OpsServer;
  /** The history has been read (baselines learned): readiness waits for it. */
  historyLoaded(): void;
  readiness(): Readiness;
  stop(): Promise<void>;
}

/** Every edge check the client makes is timed into headroom_edge_check_duration_seconds. */
export function measureEdgeChecks(client: EdgeAgentClient, metrics: HeadroomMetrics): void {
  const checkAll = client.checkAll.bind(client);
  client.checkAll = async (units) => {
    const outcomes = await checkAll(units);
    for (const o of outcomes.values()) if (o.status === 'answered') metrics.edgeCheck(o.workUnit, o.latencyMs / 1000);
    return outcomes;
  };
}

export interface ReplicaInput {
  store: Store;
  /** The store's location; a postgres:// URL makes this a replica competing for leadership. */
  storeLocation: string;
  fleetName: string;
  fleetFile: string;
  pollIntervalSeconds: number;
  env: Readonly<Record<string, string | undefined>>;
  now: () => number;
  say: (text: string) => void;
  warn: (text: string) => void;
}

function leaderRetryMs(env: ReplicaInput['env']): number {
  const raw = env.HEADROOM_LEADER_RETRY_MS;
  if (raw === undefined) return DEFAULT_LEADER_RETRY_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 100 || ms > 60_000)
    throw new HeadroomError(
      'CONFIG_INVALID',
      `HEADROOM_LEADER_RETRY_MS must be whole ms from 100 to 60000, not "${raw}"`,
    );
  return ms;
}

export async function startReplica(input: ReplicaInput): Promise<Replica> {
  const { store, env } = input;
  const id = env.HEADROOM_REPLICA_ID ?? `${hostname()}-${process.pid}`;
  const address = opsListenFrom(env);
  const retryMs = leaderRetryMs(env);
  const fleetDigest = createHash('sha256').update(readFileSync(input.fleetFile)).digest('hex').slice(0, 16);
  const metrics = createMetrics({ store, pollIntervalSeconds: input.pollIntervalSeconds, now: input.now });
  let history = false;
  let mismatchSeen: string | undefined;

  // A change seen while the store is down (losing the database is the usual reason to step down) is
  // kept and audited, in order, once the store answers again: no leadership change goes unrecorded.
  const pending: { atMs: number; kind: string; payload: { replica: string; why: string } }[] = [];
  const flushAudit = () => {
    while (pending.length > 0) {
      try {
        store.appendAudit({ ...pending[0]!, actor: SYSTEM_ACTOR });
      } catch {
        return;
      }
      pending.shift();
    }
  };
  const audit = (role: Role, why: string) => {
    pending.push({
      atMs: input.now(),
      kind: role === 'leader' ? 'leadership.acquired' : 'leadership.lost',
      payload: { replica: id, why },
    });
    flushAudit();
    if (pending.length > 0)
      input.warn(`could not audit the leadership change (${role}) yet; kept until the store answers`);
  };
  const retryAudit = setInterval(flushAudit, retryMs);
  retryAudit.unref();
  let leadership: Leadership;
  if (store.kind === 'postgres') {
    const advisory = new AdvisoryLeadership({
      url: input.storeLocation,
      fleetName: input.fleetName,
      retryMs,
      applicationName: `headroom-leadership ${id}`,
      log: (event, detail) => {
        if (event === 'error') return;
        input.say(`Replica ${id} ${event === 'acquired' ? 'leads' : 'follows'} now (${detail}).`);
        audit(event === 'acquired' ? 'leader' : 'follower', detail);
      },
    });
    leadership = advisory;
    advisory.onChange((role) => {
      metrics.leadership(role === 'leader');
      if (role === 'leader') claimFleet();
    });
    await advisory.start();
    if (advisory.role === 'follower') input.say(`Replica ${id} follows; another replica leads.`);
  } else {
    leadership = soleLeadership();
  }
  metrics.leadership(leadership.role === 'leader');

  /** The leader's fleet file is the fleet's: followers compare theirs with it. */
  function claimFleet() {
    try {
      store.setMeta(FLEET_DIGEST_META, JSON.stringify({ digest: fleetDigest, replica: id }));
    } catch {
      // the store is down; the next leadership change writes it
    }
  }
  if (leadership.role === 'leader') claimFleet();

  const readiness = (): Readiness => {
    let storeOk = true;
    let mismatch: string | undefined;
    try {
      store.ping();
      const claimed = store.getMeta(FLEET_DIGEST_META);
      const leader = claimed ? (JSON.parse(claimed) as { digest: string; replica: string }) : undefined;
      if (leader && leader.digest !== fleetDigest)
        mismatch = `replica ${leader.replica} leads with fleet file ${leader.digest}; this replica (${id}) has ${fleetDigest}`;
    } catch {
      storeOk = false;
    }
    metrics.storeReachable(storeOk);
    if (mismatch && mismatch !== mismatchSeen) input.warn(`different fleet files: ${mismatch}`);
    mismatchSeen = mismatch;
    return {
      ready: storeOk && history,
      role: leadership.role,
      store: storeOk ? 'ok' : 'unreachable',
      history: history ? 'loaded' : 'loading',
      ...(mismatch ? { fleetMismatch: mismatch } : {}),
    };
  };

  let ops: OpsServer | undefined;
  if (address) {
    try {
      ops = await startOpsServer({ address, metrics, readiness });
      input.say(`Ops endpoints on ${ops.url} (/healthz /readyz /metrics).`);
    } catch (err) {
      // Another process on the port must not keep the bot away; the probes will say it is missing.
      input.warn(`${(err as Error).message}; running without them`);
    }
  }
  return {
    id,
    leadership,
    metrics,
    ...(ops ? { ops } : {}),
    historyLoaded: () => {
      history = true;
    },
    readiness,
    async stop() {
      await leadership.stop();
      clearInterval(retryAudit);
      flushAudit();
      await ops?.close();
    },
  };
}
