import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonClick, overrideFormValues, slashCommand, viewSubmission } from './fake-slack/payloads.js';
import { ADMIN, GROUP_MEMBER, type Harness, OPERATOR, OPS, startHarness, VIEWER } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ at: '2026-03-03T20:50:00Z' });
});
afterAll(async () => {
  await h?.close();
});

const recPosts = () => h.fake.posts(OPS).filter((m) => !m.threadTs && m.text.includes('eu-west-1'));
const text = (v: unknown) => JSON.stringify(v);

async function click(user: string, actionId: string) {
  const message = recPosts()[0]!;
  const before = h.store.listDecisions({}).length;
  await h.fake.send('interactive', buttonClick(h.fake, { user, message, actionId }));
  return before;
}

describe('shadow-mode posts and decisions', () => {
  it('posts when a unit leaves healthy, then edits the same message as the episode evolves', async () => {
    await h.bot.pollNow();
    expect(recPosts()).toHaveLength(0);
    h.clock.set('2026-03-03T21:00:00Z');
    await h.bot.pollNow();
    expect(recPosts()).toHaveLength(1);
    expect(recPosts()[0]!.text).toMatch(/^WATCH: eu-west-1/);
    const rec = h.store.getOpenRecommendation('eu-west-1')!;
    expect(rec.messageRef).toEqual({ channel: OPS, ts: recPosts()[0]!.ts });

    h.clock.set('2026-03-03T21:05:00Z');
    await h.bot.pollNow();
    expect(recPosts()).toHaveLength(1);
    expect(recPosts()[0]!.updates).toBe(1);
    expect(recPosts()[0]!.text).toMatch(/^FAILOVER recommended: eu-west-1/);
    h.clock.set('2026-03-03T21:10:00Z');
    await h.bot.pollNow(); // nothing material changed
    expect(recPosts()[0]!.updates).toBe(1);
  });

  it('Follow by an operator is recorded and shown on the message', async () => {
    const before = await click(OPERATOR, 'recommendation.follow');
    await h.fake.waitFor(() => h.store.listDecisions({}).length > before, 5000, 'decision');
    const d = h.store.listDecisions({})[0]!;
    expect(d).toMatchObject({ userId: OPERATOR, kind: 'follow', followedRecommendation: true });
    await h.fake.waitFor(() => text(recPosts()[0]!.blocks).includes(`<@${OPERATOR}> is following`), 5000, 'message');
  });

  it('a viewer is refused: ephemeral explanation and an audit entry, nothing recorded', async () => {
    const ephemerals = h.fake.callsOf('chat.postEphemeral').length;
    const before = await click(VIEWER, 'recommendation.follow');
    const call = await h.fake.waitFor(() => h.fake.callsOf('chat.postEphemeral')[ephemerals], 5000, 'refusal');
    expect(call.args.user).toBe(VIEWER);
    expect(String(call.args.text)).toContain('only operators');
    const refused = h.store.listAudit({}).filter((e) => e.kind === 'access.refused');
    expect(refused.at(-1)).toMatchObject({ actor: VIEWER });
    expect(h.store.listDecisions({}).length).toBe(before);
  });

  it('a member of an operator user group may decide: Not an incident', async () => {
    const before = await click(GROUP_MEMBER, 'recommendation.not_incident');
    await h.fake.waitFor(() => h.store.listDecisions({}).length > before, 5000, 'decision');
    expect(h.store.listDecisions({})[0]).toMatchObject({ userId: GROUP_MEMBER, kind: 'not-an-incident' });
  });

  it('Override… opens a modal; a bad split is refused in the modal; a good one is recorded', async () => {
    const views = h.fake.views.length;
    await click(ADMIN, 'recommendation.override');
    const opened = await h.fake.waitFor(() => h.fake.views[views], 5000, 'views.open');
    const view = opened.view;
    expect(view.callback_id).toBe('recommendation.override.submit');
    const values = (split: string) => overrideFormValues('move', split, 'eu-central-1 has a deploy freeze');
    const bad = (await h.fake.send(
      'interactive',
      viewSubmission({ user: ADMIN, view, values: values('us-east-1=0.5') }),
    )) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(bad.response_action).toBe('errors');
    expect(bad.errors.split).toContain('sum to 1');
    const before = h.store.listDecisions({}).length;
    const good = await h.fake.send(
      'interactive',
      viewSubmission({ user: ADMIN, view, values: values('us-east-1=0.7, eu-central-1=0.3') }),
    );
    expect(good ?? {}).not.toHaveProperty('response_action');
    await h.fake.waitFor(() => h.store.listDecisions({}).length > before, 5000, 'override');
    const d = h.store.listDecisions({})[0]!;
    expect(d).toMatchObject({ userId: ADMIN, kind: 'override', followedRecommendation: false });
    expect(d.content).toMatchObject({ action: 'move', split: { 'us-east-1': 0.7, 'eu-central-1': 0.3 } });
    await h.fake.waitFor(
      () => /overrode it: moving to [^"]*us-east-1 70 %/.test(text(recPosts()[0]!.blocks)),
      5000,
      'message',
    );
    expect(h.store.listAudit({}).some((e) => e.kind.startsWith('decision'))).toBe(true);
  });

  it('a viewer submitting the override modal is refused in the modal and audited', async () => {
    const view = h.fake.views.at(-1)!.view;
    const before = h.store.listDecisions({}).length;
    const values = overrideFormValues('none', '', 'I think so');
    const res = (await h.fake.send('interactive', viewSubmission({ user: VIEWER, view, values }))) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(res.response_action).toBe('errors');
    expect(res.errors.reason).toContain('only operators');
    expect(h.store.listAudit({}).at(-1)).toMatchObject({ kind: 'access.refused', actor: VIEWER });
    expect(h.store.listDecisions({}).length).toBe(before);
  });

  it('restart in the middle of the episode: no duplicate post, no lost decision', async () => {
    const posts = recPosts().length;
    await h.restart();
    h.clock.set('2026-03-03T21:30:00Z');
    await h.bot.pollNow();
    expect(recPosts()).toHaveLength(posts);
    const blocks = text(recPosts()[0]!.blocks);
    expect(blocks).toContain(`<@${OPERATOR}> is following`);
    expect(blocks).toContain(`<@${GROUP_MEMBER}> marked it not an incident`);
    expect(h.store.listDecisions({})).toHaveLength(3);
  });

  it('/failover shows the agreement rate over the decisions', async () => {
    const { payload, responseId } = slashCommand(h.fake, { command: '/failover', text: '', user: VIEWER });
    await h.fake.send('slash_commands', payload);
    const r = await h.fake.waitFor(
      () => h.fake.responses.find((x) => x.id === responseId && x.body.blocks),
      10_000,
      'reply',
    );
    expect(text(r.body.blocks)).toContain('Shadow-mode agreement: 33 % (1 of 3 decisions followed the recommendation)');
  });

  it('marks the message resolved when the unit recovers, without buttons', async () => {
    h.clock.set('2026-03-03T22:05:00Z');
    await h.bot.pollNow();
    const m = recPosts()[0]!;
    expect(recPosts()).toHaveLength(1);
    expect(m.text).toMatch(/^Resolved: eu-west-1/);
    expect(text(m.blocks)).not.toContain('recommendation.follow');
    expect(text(m.blocks)).toContain(`<@${OPERATOR}> is following`);
  });
});
