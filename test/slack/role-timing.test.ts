// Slack gives 3 s to ack a modal submission and to use a button's trigger_id. A role that needs a
// slow user-group lookup is told to the user ("try again") instead of using up the window, and the
// lookup goes on to fill the cache. Also: a modal Slack would not open, and unreadable metadata.
import { afterEach, describe, expect, it } from 'vitest';
import { ROLE_LATE_TEXT } from '../../bot/slack/guard.js';
import { buttonClick, overrideFormValues, overrideView, viewSubmission } from './fake-slack/payloads.js';
import { GROUP_MEMBER, type Harness, OPS, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function withRecommendation(): Promise<Harness> {
  const x = await startHarness({ at: '2026-03-03T21:05:00Z' });
  await x.bot.pollNow();
  return x;
}

const recMessage = (x: Harness) => x.fake.posts(OPS).find((m) => !m.threadTs && m.text.includes('eu-west-1'))!;

async function nextEphemeral(x: Harness, after: number) {
  return (await x.fake.waitFor(() => x.fake.callsOf('chat.postEphemeral')[after], 10_000, 'an ephemeral')).args;
}

const noAction = overrideFormValues('none', '', 'handled by the CDN');

describe('role lookups inside Slack’s 3-second windows', () => {
  it('Override… with a slow user-group lookup: "try again", no modal; the next click opens it', async () => {
    h = await withRecommendation();
    h.fake.slowNext('usergroups.users.list', 2_500);
    const ephemerals = h.fake.callsOf('chat.postEphemeral').length;
    const views = h.fake.views.length;
    const click = () =>
      h!.fake.send(
        'interactive',
        buttonClick(h!.fake, { user: GROUP_MEMBER, message: recMessage(h!), actionId: 'recommendation.override' }),
      );
    await click();
    const told = await nextEphemeral(h, ephemerals);
    expect(told).toMatchObject({ user: GROUP_MEMBER, text: ROLE_LATE_TEXT });
    expect(h.fake.views).toHaveLength(views);

    await h.fake.waitFor(() => h!.fake.callsOf('usergroups.users.list').length >= 1, 5_000, 'the lookup');
    await new Promise((r) => setTimeout(r, 1_200)); // the slow lookup finishes and fills the cache
    await click();
    const opened = await h.fake.waitFor(() => h!.fake.views[views], 5_000, 'views.open');
    expect(opened.view.callback_id).toBe('recommendation.override.submit');
  });

  it('an override submission with a slow lookup is answered in the modal, in time, and records nothing', async () => {
    h = await withRecommendation();
    const rec = h.store.getOpenRecommendation('eu-west-1')!;
    h.fake.slowNext('usergroups.users.list', 2_500);
    const view = overrideView({ id: rec.id, rev: rec.revision });
    const res = (await h.fake.send('interactive', viewSubmission({ user: GROUP_MEMBER, view, values: noAction }))) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(res.response_action).toBe('errors');
    expect(res.errors.reason).toBe(ROLE_LATE_TEXT);
    // this text comes only from the budget running out: the ack did not wait for the 2.5 s lookup
    expect(h.store.listDecisions({})).toHaveLength(0);
  });

  it('modal metadata that is not JSON is "no longer exists", not a crash', async () => {
    h = await withRecommendation();
    const view = { callback_id: 'recommendation.override.submit', private_metadata: '{not json' };
    const res = (await h.fake.send('interactive', viewSubmission({ user: GROUP_MEMBER, view, values: noAction }))) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(res).toMatchObject({
      response_action: 'errors',
      errors: { reason: 'This recommendation no longer exists.' },
    });
  });

  it('a modal Slack would not open is said to the user', async () => {
    h = await withRecommendation();
    h.fake.failNext('views.open', { status: 200, error: 'expired_trigger_id' });
    const ephemerals = h.fake.callsOf('chat.postEphemeral').length;
    await h.fake.send(
      'interactive',
      buttonClick(h.fake, { user: GROUP_MEMBER, message: recMessage(h), actionId: 'recommendation.override' }),
    );
    const told = await nextEphemeral(h, ephemerals);
    expect(told.text).toBe(
      'Slack did not open the Override form (expired_trigger_id). Nothing was recorded; click Override… again.',
    );
  });
});
