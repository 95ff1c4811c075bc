import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCallback } from './fake-slack/payloads.js';
import type { FakeMessage } from './fake-slack/server.js';
import { type Harness, OPERATOR, OPS, startHarness, VIEWER } from './harness.js';

let h: Harness;
let rec: FakeMessage;
beforeAll(async () => {
  h = await startHarness({ at: '2026-03-03T21:10:00Z' });
  await h.bot.pollNow();
  rec = h.fake.posts(OPS).find((m) => m.text.includes('eu-west-1'))!;
});
afterAll(async () => {
  await h?.close();
});

const replies = (threadTs: string) => h.fake.posts(OPS).filter((m) => m.threadTs === threadTs);

async function threadReply(user: string, text: string, threadTs = rec.ts, extra: Record<string, unknown> = {}) {
  const m = h.fake.addUserMessage(OPS, user, text, threadTs);
  await h.fake.send(
    'events_api',
    eventCallback(
      { type: 'message', channel: OPS, user, text, ts: m.ts, thread_ts: threadTs, channel_type: 'channel', ...extra },
      h.fake.botUserId,
    ),
  );
  return m;
}

describe('thread replies and mentions go to the question handler', () => {
  it('answers a what-if in a recommendation’s thread, about that unit', async () => {
    await threadReply(OPERATOR, 'what if we split between eu-central-1 and us-east-1 instead?');
    const answer = await h.fake.waitFor(() => replies(rec.ts)[0], 10_000, 'answer');
    expect(answer.text).toContain('whatif shed eu-west-1 split eu-central-1=0.5,us-east-1=0.5');
    expect(answer.text).toContain('What-if at');
  });

  it('says what it cannot answer', async () => {
    const n = replies(rec.ts).length;
    await threadReply(OPERATOR, 'why did this happen?');
    const answer = await h.fake.waitFor(() => replies(rec.ts)[n], 10_000, 'answer');
    expect(answer.text).toContain('I can only answer structured what-if questions');
  });

  it('a reply also sent to the channel is answered too; an edit of a reply is not a new question', async () => {
    const n = replies(rec.ts).length;
    await threadReply(OPERATOR, 'why did this happen?', rec.ts, { subtype: 'thread_broadcast' });
    const answer = await h.fake.waitFor(() => replies(rec.ts)[n], 10_000, 'answer');
    expect(answer.text).toContain('I can only answer structured what-if questions');
    const before = replies(rec.ts).length;
    await threadReply(OPERATOR, 'why did this happen, really?', rec.ts, { subtype: 'message_changed' });
    await new Promise((r) => setTimeout(r, 500));
    expect(replies(rec.ts)).toHaveLength(before); // no answer to an edit
  });

  it('a viewer asking is refused ephemerally and audited', async () => {
    const n = h.fake.callsOf('chat.postEphemeral').length;
    const count = replies(rec.ts).length;
    await threadReply(VIEWER, 'what if grow 10');
    const call = await h.fake.waitFor(() => h.fake.callsOf('chat.postEphemeral')[n], 5000, 'refusal');
    expect(call.args).toMatchObject({ user: VIEWER, thread_ts: rec.ts });
    expect(h.store.listAudit({}).at(-1)).toMatchObject({ kind: 'access.refused', actor: VIEWER });
    expect(replies(rec.ts)).toHaveLength(count);
  });

  it('ignores replies in threads that are not recommendations', async () => {
    const other = h.fake.addUserMessage(OPS, OPERATOR, 'lunch?');
    await threadReply(OPERATOR, 'what if grow 10', other.ts);
    await new Promise((r) => setTimeout(r, 200));
    expect(replies(other.ts)).toHaveLength(0);
  });

  it('an @mention is answered in a thread under it', async () => {
    const text = `<@${h.fake.botUserId}> what if shed eu-central-1 at next-peak`;
    const m = h.fake.addUserMessage(OPS, OPERATOR, text);
    await h.fake.send(
      'events_api',
      eventCallback({ type: 'app_mention', channel: OPS, user: OPERATOR, text, ts: m.ts }, h.fake.botUserId),
    );
    const answer = await h.fake.waitFor(() => replies(m.ts)[0], 10_000, 'answer');
    expect(answer.text).toContain('whatif shed eu-central-1 at next-peak');
  });

  it('a mention inside a recommendation thread is answered once, not twice', async () => {
    const n = replies(rec.ts).length;
    const text = `<@${h.fake.botUserId}> what if grow 20`;
    const m = h.fake.addUserMessage(OPS, OPERATOR, text, rec.ts);
    const base = { channel: OPS, user: OPERATOR, text, ts: m.ts, thread_ts: rec.ts };
    await h.fake.send(
      'events_api',
      eventCallback({ type: 'message', channel_type: 'channel', ...base }, h.fake.botUserId),
    );
    await h.fake.send('events_api', eventCallback({ type: 'app_mention', ...base }, h.fake.botUserId));
    await h.fake.waitFor(() => replies(rec.ts)[n], 10_000, 'answer');
    await new Promise((r) => setTimeout(r, 200));
    expect(replies(rec.ts)).toHaveLength(n + 1);
    expect(replies(rec.ts)[n]!.text).toContain('shed eu-west-1 grow 20');
  });
});
