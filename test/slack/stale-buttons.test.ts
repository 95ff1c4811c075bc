// Buttons on an old copy of a message (a client that has not refreshed) after the recommendation
// closed: nothing is recorded, and the user is told why.
import { afterEach, describe, expect, it } from 'vitest';
import { buttonClick, overrideFormValues, overrideView, viewSubmission } from './fake-slack/payloads.js';
import { type Harness, OPERATOR, OPS, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a closed recommendation', () => {
  it('refuses Follow from an old copy of its message, and an Override form submitted late', async () => {
    h = await startHarness({ at: '2026-03-03T21:05:00Z' });
    await h.bot.pollNow();
    const live = h.fake.posts(OPS).find((m) => !m.threadTs && m.text.includes('eu-west-1'))!;
    const oldCopy = { ...live, blocks: structuredClone(live.blocks) };
    const rec = h.store.getOpenRecommendation('eu-west-1')!;
    h.clock.set('2026-03-03T22:05:00Z');
    await h.bot.pollNow(); // recovered: closed
    expect(h.store.getRecommendation(rec.id)!.closedAtMs).not.toBeNull();

    const ephemerals = h.fake.callsOf('chat.postEphemeral').length;
    await h.fake.send(
      'interactive',
      buttonClick(h.fake, { user: OPERATOR, message: oldCopy, actionId: 'recommendation.follow' }),
    );
    const told = await h.fake.waitFor(() => h!.fake.callsOf('chat.postEphemeral')[ephemerals], 10_000, 'the refusal');
    expect(told.args.text).toMatch(
      new RegExp(
        `^Recommendation #${rec.id} for eu-west-1 was closed \\(recovered\\) at 2026-03-03 \\d\\d:\\d\\d UTC; nothing was recorded\\.$`,
      ),
    );

    const view = overrideView({ id: rec.id, rev: rec.revision });
    const values = overrideFormValues('none', '', 'late');
    const res = (await h.fake.send('interactive', viewSubmission({ user: OPERATOR, view, values }))) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(res.response_action).toBe('errors');
    expect(res.errors.reason).toMatch(/was closed \(recovered\)/);
    expect(h.store.listDecisions({})).toHaveLength(0);
  });
});
