// A replica on a real PostgreSQL that goes away and comes back: readiness turns false, the leader
// steps down, and both recover on their own; a second replica with another fleet file is reported.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Replica, startReplica } from '../../bot/ha/replica.js';
import { openStore, type Store } from '../../bot/store/index.js';
import { type PostgresServer, startPostgres } from '../helpers/postgres-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let pg: PostgresServer;
let dir: string;
beforeAll(async () => {
  pg = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'headroom-replica-'));
});
afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function replicaOn(store: Store, url: string, fleetFile: string, id: string, lines: string[]): Promise<Replica> {
  return startReplica({
    store,
    storeLocation: url,
    fleetName: 'example-fleet',
    fleetFile,
    pollIntervalSeconds: 300,
    env: { HEADROOM_OPS_LISTEN: '127.0.0.1:0', HEADROOM_LEADER_RETRY_MS: '300', HEADROOM_REPLICA_ID: id },
    now: () => Date.UTC(2026, 2, 3, 21),
    say: (t) => lines.push(t),
    warn: (t) => lines.push(`warning: ${t}`),
  });
}

describe('a replica when PostgreSQL goes away', () => {
  it('turns unready and steps down, then recovers and leads again on its own', async () => {
    const url = await pg.freshDatabase();
    const store = openStore(url);
    const lines: string[] = [];
    const replica = await replicaOn(store, url, join(ROOT, 'manifests/fleet.example.yaml'), 'r1', lines);
    replica.historyLoaded();
    const readyz = async () => {
      const res = await fetch(`${replica.ops!.url}/readyz`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(replica.leadership.role).toBe('leader');
    expect(await readyz()).toEqual({
      status: 200,
      body: { ready: true, role: 'leader', store: 'ok', history: 'loaded' },
    });

    await pg.crash();
    await until('the leader to step down', () => replica.leadership.role === 'follower');
    expect(await readyz()).toEqual({
      status: 503,
      body: { ready: false, role: 'follower', store: 'unreachable', history: 'loaded' },
    });
    const metrics = await (await fetch(`${replica.ops!.url}/metrics`)).text();
    expect(metrics).toMatch(/^headroom_leader 0$/m);
    expect(metrics).toMatch(/^headroom_store_up 0$/m);

    await pg.start();
    await until('leadership again', () => replica.leadership.role === 'leader');
    await until('ready again', async () => (await readyz()).status === 200);
    expect(lines.filter((l) => /Replica r1 (leads|follows)/.test(l))).toEqual([
      'Replica r1 leads now (took the advisory lock).',
      expect.stringMatching(/^Replica r1 follows now \(the leadership connection/),
      'Replica r1 leads now (took the advisory lock).',
    ]);
    // the step-down happened while the store was down: kept, and audited in order once it answers
    expect(lines.some((l) => /could not audit the leadership change \(follower\) yet/.test(l))).toBe(true);
    const leadership = () =>
      store
        .listAudit()
        .filter((e) => e.kind.startsWith('leadership.'))
        .map((e) => e.kind);
    await until('every change audited', () => leadership().length === 3);
    expect(leadership()).toEqual(['leadership.acquired', 'leadership.lost', 'leadership.acquired']);
    expect(store.verifyAudit().ok).toBe(true);
    await replica.stop();
    store.close();
  });

  it('reports a second replica running another fleet file', async () => {
    const url = await pg.freshDatabase();
    const other = join(dir, 'other-fleet.yaml');
    writeFileSync(other, `${readFileSync(join(ROOT, 'manifests/fleet.example.yaml'), 'utf8')}\n# edited\n`);
    const [s1, s2] = [openStore(url), openStore(url)];
    const lines: string[] = [];
    const leader = await replicaOn(s1, url, join(ROOT, 'manifests/fleet.example.yaml'), 'r1', lines);
    const follower = await replicaOn(s2, url, other, 'r2', lines);
    follower.historyLoaded();
    expect([leader.leadership.role, follower.leadership.role]).toEqual(['leader', 'follower']);
    const state = follower.readiness();
    expect(state.ready).toBe(true);
    expect(state.fleetMismatch).toMatch(
      /^replica r1 leads with fleet file [0-9a-f]{16}; this replica \(r2\) has [0-9a-f]{16}$/,
    );
    expect(lines).toContainEqual(expect.stringMatching(/^warning: different fleet files: replica r1 leads/));
    expect(leader.readiness().fleetMismatch).toBeUndefined();
    await follower.stop();
    await leader.stop();
    s1.close();
    s2.close();
  });
});
