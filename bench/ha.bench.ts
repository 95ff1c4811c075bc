// npm run bench:ha — the store and leadership figures of issue 18, one JSON line per figure:
//   poll-to-post latency on PostgreSQL vs SQLite (the Slack bot through the local Slack fake);
//   leader takeover time after kill -9 of the leader (median of 10 drills);
//   store write throughput for decisions: 1,000 button clicks from 4 concurrent processes, each
//   recorded exactly once (checked), on SQLite (one shared file) and PostgreSQL.
// A real PostgreSQL is started on 127.0.0.1 in a temporary directory (test/helpers/postgres-server.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdvisoryLeadership } from '../bot/ha/leadership.js';
import { openStore } from '../bot/store/index.js';
import { startPostgres } from '../test/helpers/postgres-server.js';
import { startHarness } from '../test/slack/harness.js';
import { emit, percentile, round } from './stats.js';

const CHILD = fileURLToPath(new URL('./ha-child.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const child = (args: string[]): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve(c.exitCode)
    : new Promise<number | null>((r) => c.once('exit', r));

async function pollToPost(backend: string, storeLocation: string | undefined, runs: number) {
  const h = await startHarness({ at: '2026-03-03T21:05:00Z', ...(storeLocation ? { storeLocation } : {}) });
  const samples: number[] = [];
  try {
    await h.bot.pollNow(); // loads history once
    for (let i = 0; i < runs + 1; i++) {
      const t = Date.parse('2026-03-03T21:06:00Z') + i * 120_000;
      const open = h.store.getOpenRecommendation('eu-west-1');
      if (open) h.store.closeRecommendation(open.id, { atMs: t, resolution: 'superseded' });
      h.clock.t = t;
      const before = h.fake.callsOf('chat.postMessage').length;
      const t0 = Date.now();
      await h.bot.pollNow();
      const call = await h.fake.waitFor(() => h.fake.callsOf('chat.postMessage')[before], 5000, 'post');
      if (i >= 1) samples.push(call.atMs - t0);
      await sleep(1100); // chat.postMessage: about one a second per channel
    }
  } finally {
    await h.close();
  }
  for (const [stat, q] of [
    ['p50', 0.5],
    ['p99', 0.99],
  ] as const)
    emit({
      bench: 'ha.pollToPost',
      backend,
      value: round(percentile(samples, q)),
      unit: 'ms',
      stat,
      n: samples.length,
    });
}

async function takeover(url: string, drills: number, retryMs: number) {
  const samples: number[] = [];
  for (let i = 0; i < drills; i++) {
    const fleet = `bench-${i}`;
    const leader = child(['leader', url, fleet, String(retryMs)]);
    await new Promise<void>((resolve) =>
      leader.stdout!.on('data', (d) => {
        if (String(d).includes('leader')) resolve();
      }),
    );
    const follower = await new AdvisoryLeadership({ url, fleetName: fleet, retryMs }).start();
    if (follower.role !== 'follower') throw new Error('two leaders');
    const took = new Promise<void>((resolve) => follower.onChange((r) => r === 'leader' && resolve()));
    const t0 = performance.now();
    leader.kill('SIGKILL');
    await took;
    samples.push(performance.now() - t0);
    await exited(leader);
    await follower.stop();
  }
  emit({
    bench: 'ha.leaderTakeover',
    value: round(percentile(samples, 0.5)),
    unit: 'ms',
    stat: 'median',
    n: samples.length,
    retryMs,
    max: round(Math.max(...samples)),
  });
}

async function decisionThroughput(backend: string, location: string) {
  const store = openStore(location);
  const rec = store.openRecommendation({
    workUnit: 'eu-west-1',
    atMs: 1_772_571_600_000,
    verdict: 'failover',
    confidence: 'high',
    summary: 'bench',
    payload: {},
  });
  // the writers start together, at a wall time after their (slow) process start
  const startAt = Date.now() + 8_000;
  const procs = [0, 1, 2, 3].map((p) => child(['decide', location, String(rec.id), '250', `U${p}`, String(startAt)]));
  const ends: number[] = [];
  for (const p of procs) p.stdout!.on('data', (d) => ends.push(Number(String(d).trim())));
  const codes = await Promise.all(procs.map(exited));
  const ms = Math.max(...ends) - startAt;
  if (codes.some((c) => c !== 0)) throw new Error(`a writer failed: ${codes}`);
  const decisions = store.listDecisions({ recommendationId: rec.id });
  const users = new Set(decisions.map((d) => d.userId));
  const ok = decisions.length === 1000 && users.size === 1000 && store.verifyAudit().ok;
  store.close();
  if (!ok) throw new Error(`${backend}: ${decisions.length} decisions, ${users.size} distinct, or a broken chain`);
  emit({
    bench: 'ha.decisionWrites',
    backend,
    value: round(1000 / (ms / 1000)),
    unit: 'decisions/s',
    n: 1000,
    wallMs: round(ms),
  });
}

// npm run bench:ha [pollToPost|takeover|decisions]… — all three by default
const parts = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['pollToPost', 'takeover', 'decisions']);
const pg = await startPostgres();
const dir = mkdtempSync(join(tmpdir(), 'headroom-bench-ha-'));
try {
  if (parts.has('pollToPost')) {
    await pollToPost('sqlite', undefined, 10);
    await pollToPost('postgres', await pg.freshDatabase(), 10);
  }
  if (parts.has('takeover')) await takeover(pg.url, 10, 1000);
  if (parts.has('decisions')) {
    await decisionThroughput('sqlite', join(dir, 'decisions.db'));
    await decisionThroughput('postgres', await pg.freshDatabase());
  }
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
