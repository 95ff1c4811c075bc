import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonClick } from './fake-slack/payloads.js';
import type { FakeMessage } from './fake-slack/server.js';
import { type Harness, OPERATOR, OPS, startHarness, VIEWER } from './harness.js';

// The demo fault on the Slack path: eu-west-1 loses connections 21:00–22:00, the recommendation
// opens at 21:00 (WATCH) and turns FAILOVER at 21:05; the incident lives in its thread.
let h: Harness;
const OWNER_GROUP = 'S0EUWEST1';
beforeAll(async () => {
  h = await startHarness({
    at: '2026-03-03T20:55:00Z',
    incidents: true,
    config: (c) => ({
      ...c,
      incidents: {
        ...c.incidents,
        owners: { 'eu-west-1': { group: OWNER_GROUP, links: { dashboard: 'https://grafana.example.com/d/eu' } } },
      },
    }),
  });
});
afterAll(async () => {
  await h?.close();
});

const recPost = () => h.fake.posts(OPS).find((m) => !m.threadTs && m.text.includes('eu-west-1'))!;
const replies = (ts: string) => h.fake.messages.filter((m) => m.threadTs === ts && m.user === h.fake.botUserId);
const all = (m: FakeMessage) => `${m.text} ${JSON.stringify(m.blocks)}`;
async function pollEvery5MinUntil(iso: string) {
  while (h.clock.now() < Date.parse(iso)) {
    h.clock.t += 300_000;
    await h.bot.pollNow();
  }
}

describe('incidents in the recommendation thread (real Bolt against the Slack fake)', () => {
  it('opens in the thread with the owning group @-mentioned and its links, once', async () => {
    await h.bot.pollNow(); // 20:55 healthy
    await pollEvery5MinUntil('2026-03-03T21:05:00Z');
    const incident = h.store.incidents.active('eu-west-1')!;
    expect(incident.state).toBe('open');
    expect(incident.thread).toEqual({ channel: OPS, ts: recPost().ts });
    const thread = replies(recPost().ts);
    expect(thread).toHaveLength(1);
    expect(thread[0]!.text).toContain(`<!subteam^${OWNER_GROUP}>`);
    expect(all(thread[0]!)).toContain('https://grafana.example.com/d/eu');
    expect(all(thread[0]!)).toMatch(/time to detect \*5 min\*/);
    // its timeline cites evidence ids that resolve in the store
    const ids = [...all(thread[0]!).matchAll(/`\[([^\]`]+)\]`/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(h.store.incidents.resolveEvidence(incident.id, id), id).toBeDefined();
    // the recommendation carries Declare incident / Snooze… next to the decisions
    expect(JSON.stringify(recPost().blocks)).toContain('incident.declare');
    await h.bot.pollNow(); // same fleet time: nothing new said
    expect(replies(recPost().ts)).toHaveLength(1);
  });

  it('a decision becomes a timeline highlight and the mitigating reply', async () => {
    const before = h.store.listDecisions({}).length;
    await h.fake.send(
      'interactive',
      buttonClick(h.fake, { user: OPERATOR, message: recPost(), actionId: 'recommendation.follow' }),
    );
    await h.fake.waitFor(() => h.store.listDecisions({}).length > before, 5000, 'decision');
    const decision = h.store.listDecisions({})[0]!;
    await pollEvery5MinUntil('2026-03-03T21:10:00Z');
    const texts = replies(recPost().ts).map(all);
    expect(texts.some((t) => t.includes(`[decision:${decision.id}]`) || t.includes(`decision:${decision.id}`))).toBe(
      true,
    );
    expect(texts.some((t) => t.includes('mitigating'))).toBe(true);
    expect(h.store.incidents.active('eu-west-1')!.state).toBe('mitigating');
  });

  it('resolves after 3 healthy polls; hypotheses with evidence ids, and the postmortem as a Markdown file in the same poll', async () => {
    await pollEvery5MinUntil('2026-03-03T22:15:00Z');
    const incident = h.store.incidents.list({ workUnit: 'eu-west-1' })[0]!;
    expect(incident.state).toBe('analysed');
    expect(incident.analysedAtMs! - incident.resolvedAtMs!).toBeLessThanOrEqual(60_000);
    const texts = replies(recPost().ts).map(all);
    const resolved = texts.find((t) => t.includes('resolved'))!;
    expect(resolved).toMatch(/Time to detect \*5 min\* · to decide \*[\d.]+ min\* · to recover \*[\d.]+ min\*/);
    const analysis = texts.find((t) => t.includes('root-cause hypotheses'))!;
    expect(analysis).toContain(incident.hypotheses[0]!.cause);
    const cited = [...analysis.matchAll(/`\[([^\]`]+)\]`/g)].map((m) => m[1]!);
    expect(cited.length).toBeGreaterThan(0);
    for (const id of cited) expect(h.store.incidents.resolveEvidence(incident.id, id), id).toBeDefined();
    expect(analysis).toContain('Runbook suggestions');
    const share = h.fake.shares.find((s) => s.threadTs === recPost().ts)!;
    expect(share).toMatchObject({ channel: OPS, filename: `postmortem-incident-${incident.id}.md` });
    expect(share.bytes.toString('utf8')).toBe(incident.postmortemMarkdown);
  });

  it('restarting says nothing twice', async () => {
    const said = replies(recPost().ts).length;
    const shares = h.fake.shares.length;
    await h.restart();
    h.clock.t += 300_000;
    await h.bot.pollNow();
    expect(replies(recPost().ts)).toHaveLength(said);
    expect(h.fake.shares).toHaveLength(shares);
  });

  it('Declare incident: a viewer is refused and audited; an operator declares, its thread follows, and the postmortem falls back to text when the upload fails', async () => {
    const unit = 'us-east-1';
    await h.fake.send('slash_commands', {
      token: 'legacy',
      team_id: 'T1',
      channel_id: OPS,
      user_id: OPERATOR,
      command: '/failover',
      text: unit,
      api_app_id: 'A1',
      response_url: `${h.fake.apiUrl.replace('/api/', '')}/response/declare`,
      trigger_id: 'trig.declare',
    });
    const answer = await h.fake.waitFor(
      () => h.fake.responses.find((r) => r.id === 'declare'),
      5000,
      '/failover answer',
    );
    const message: FakeMessage = {
      channel: OPS,
      ts: '1700000999.000001',
      text: String(answer.body.text),
      blocks: answer.body.blocks as unknown[],
      user: h.fake.botUserId,
      updates: 0,
    };
    const ephemerals = h.fake.callsOf('chat.postEphemeral').length;
    await h.fake.send('interactive', buttonClick(h.fake, { user: VIEWER, message, actionId: 'incident.declare' }));
    const refusal = await h.fake.waitFor(() => h.fake.callsOf('chat.postEphemeral')[ephemerals], 5000, 'refusal');
    expect(String(refusal.args.text)).toContain('only operators');
    expect(h.store.incidents.active(unit)).toBeUndefined();
    expect(
      h.store
        .listAudit({})
        .filter((e) => e.kind === 'access.refused')
        .at(-1),
    ).toMatchObject({ actor: VIEWER });

    await h.fake.send('interactive', buttonClick(h.fake, { user: OPERATOR, message, actionId: 'incident.declare' }));
    const incident = await h.fake.waitFor(() => h.store.incidents.active(unit), 5000, 'declared incident');
    expect(incident).toMatchObject({ trigger: 'declared', declaredBy: OPERATOR });
    expect(h.store.listAudit({}).find((e) => e.kind === 'incident.opened' && e.actor === OPERATOR)).toBeDefined();
    const root = await h.fake.waitFor(
      () => h.fake.posts(OPS).find((m) => !m.threadTs && m.text === `Incident #${incident.id} declared on ${unit}`),
      5000,
      'root post',
    );
    await h.fake.waitFor(() => replies(root.ts).length === 1, 5000, 'opened reply');
    // a second click says it exists, and is audited
    await h.fake.send('interactive', buttonClick(h.fake, { user: OPERATOR, message, actionId: 'incident.declare' }));
    await h.fake.waitFor(
      () => h.store.listAudit({}).find((e) => e.kind === 'incident.declare-existing'),
      5000,
      'second declare audited',
    );
    // the unit is healthy: 3 healthy polls resolve it; the upload fails, the postmortem comes as text
    h.fake.failNext('files.getUploadURLExternal', { status: 200, error: 'not_allowed_token_type' });
    for (let i = 0; i < 3; i++) {
      h.clock.t += 300_000;
      await h.bot.pollNow();
    }
    expect(h.store.incidents.get(incident.id)!.state).toBe('analysed');
    const fallback = replies(root.ts).find((m) => m.text.startsWith(`Postmortem of incident #${incident.id}`))!;
    expect(fallback.text).toContain('## Summary');
    expect(h.fake.shares.some((s) => s.threadTs === root.ts)).toBe(false);
  });
});
