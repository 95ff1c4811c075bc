// The failover drill: two `headroom start` replicas on one real PostgreSQL and the local Slack
// fake. The leader is killed with SIGKILL during an open episode; the follower must lead within
// the limit, post nothing twice, keep the decision clicked during the switch, and leave an audit
// log that verifies.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../bot/store/index.js';
import { runCli } from '../cli/run-cli.js';
import { type PostgresServer, startPostgres } from '../helpers/postgres-server.js';
import { buttonClick } from '../slack/fake-slack/payloads.js';
import { FakeSlack } from '../slack/fake-slack/server.js';
import { type ReplicaProcess, startReplicaProcess } from './replica-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TAKEOVER_LIMIT_MS = Number(process.env.HEADROOM_DRILL_TAKEOVER_MS ?? 15_000);
const START_MS = 120_000; // two cold Node processes learning history on a shared CI machine

let pg: PostgresServer;
let fake: FakeSlack;
let dir: string;
const replicas: ReplicaProcess[] = [];

beforeAll(async () => {
  [pg, fake] = await Promise.all([startPostgres(), new FakeSlack().start()]);
  dir = mkdtempSync(join(tmpdir(), 'headroom-drill-'));
  const fleet = readFileSync(join(ROOT, 'manifests/fleet.example.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'fleet.yaml'),
    `${fleet}\nslack:\n  channel: C0OPS\n  report: { cron: '0 9 * * 1', timezone: Europe/Dublin }\n`,
  );
});
afterAll(async () => {
  for (const r of replicas) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  await Promise.all(replicas.map((r) => r.exited));
  await fake?.stop();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('failover drill', () => {
  it('kill -9 of the leader during an open episode: the follower leads, nothing is posted twice, no decision is lost', async () => {
    const db = await pg.freshDatabase();
    const env = {
      HEADROOM_DB: db,
      HEADROOM_FLEET: join(dir, 'fleet.yaml'),
      HEADROOM_HISTORY_DAYS: '14',
      HEADROOM_OPS_LISTEN: '127.0.0.1:0',
      HEADROOM_LEADER_RETRY_MS: '1000',
      SLACK_BOT_TOKEN: 'xoxb-drill',
      SLACK_APP_TOKEN: 'xapp-drill',
      SLACK_API_URL: fake.apiUrl,
    };
    // The demo fault (eu-west-1 loses its connections 21:00-22:00) is under way from the first
    // poll; at 30x a poll every 300 fleet s is one every 10 s, and the episode stays open ~1.5 min.
    const args = [
      '--scenario',
      join(ROOT, 'manifests/scenarios/demo.yaml'),
      '--at',
      '2026-03-03T21:15:00Z',
      '--speed',
      '30',
    ];
    // The first to start leads (migrations and the lock), the second follows.
    const a = startReplicaProcess('replica-a', args, env);
    replicas.push(a);
    await a.waitFor(/Replica replica-a leads now/, START_MS);
    const b = startReplicaProcess('replica-b', args, env);
    replicas.push(b);
    await b.waitFor(/Replica replica-b follows/, START_MS);
    await fake.waitFor(() => fake.connections >= 2, START_MS, 'two Socket Mode connections');
    const opsB = (await b.waitFor(/Ops endpoints on (http:\/\/[\d.:]+)/, START_MS))[1]!;
    const posted = await fake.waitFor(
      () => fake.posts('C0OPS').find((m) => m.text.includes('eu-west-1')),
      START_MS,
      'the recommendation post',
    );
    expect(((await (await fetch(`${opsB}/readyz`)).json()) as { role: string }).role).toBe('follower');

    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    // a decision while the replicas switch: the follower serves the button
    const ack = fake.send(
      'interactive',
      buttonClick(fake, { user: 'U0OPER001', message: posted, actionId: 'recommendation.follow' }),
    );
    await b.waitFor(/Replica replica-b leads now/, TAKEOVER_LIMIT_MS + 5_000);
    const takeoverMs = Date.now() - killedAt;
    await ack;
    expect(takeoverMs).toBeLessThan(TAKEOVER_LIMIT_MS);
    const ready = await (await fetch(`${opsB}/readyz`)).json();
    expect(ready).toMatchObject({ ready: true, role: 'leader', store: 'ok' });
    // the new leader polls on: the same episode is updated or resolved in place, never posted again
    const pollsByB = async () =>
      Number(
        /headroom_polls_total\{outcome="ok"\} (\d+)/.exec(await (await fetch(`${opsB}/metrics`)).text())?.[1] ?? 0,
      );
    const deadline = Date.now() + 30_000;
    while ((await pollsByB()) < 1) {
      if (Date.now() > deadline) throw new Error(`no poll by the new leader within 30 s:\n${b.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await fake.waitFor(() => fake.callsOf('chat.update').length > 0, 30_000, 'the message edited');
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);

    // the recommendation's top-level post; the incident's replies go in its thread, each at most once
    const postsOfUnit = fake
      .callsOf('chat.postMessage')
      .filter((c) => String(c.args.text).includes('eu-west-1') && !c.args.thread_ts);
    expect(postsOfUnit).toHaveLength(1);
    const opened = fake.callsOf('chat.postMessage').filter((c) => /Incident #\d+ opened/.test(String(c.args.text)));
    expect(opened.length).toBeLessThanOrEqual(1);
    for (const c of opened) expect(c.args.thread_ts).toBe(posted.ts);
    const store = openStore(db);
    try {
      const recs = store.listRecommendations({ workUnit: 'eu-west-1' });
      expect(recs).toHaveLength(1);
      expect(recs[0]!.messageRef).toEqual({ channel: posted.channel, ts: posted.ts });
      expect(store.listDecisions({ recommendationId: recs[0]!.id }).map((d) => [d.userId, d.kind])).toEqual([
        ['U0OPER001', 'follow'],
      ]);
      const leadership = store
        .listAudit()
        .filter((e) => e.kind.startsWith('leadership.'))
        .map((e) => [e.kind, (e.payload as { replica: string }).replica]);
      expect(leadership).toEqual([
        ['leadership.acquired', 'replica-a'],
        ['leadership.acquired', 'replica-b'],
        ['leadership.lost', 'replica-b'],
      ]);
      expect(store.verifyAudit().ok).toBe(true);
    } finally {
      store.close();
    }
    const verify = await runCli(['audit', 'verify', '--db', db]);
    expect(verify.stdout).toMatch(/^audit log ok: \d+ entries verified; newest entry \d+:[0-9a-f]{64}/);
    expect(verify.code).toBe(0);
    console.log(JSON.stringify({ drill: 'takeover', takeoverMs }));
  }, 300_000);
});
