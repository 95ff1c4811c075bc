// Answering in a thread never ends in silence or a stuck "checking…", and text a model wrote
// cannot ping the channel or plant a link.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INTERNAL_ERROR_ANSWER } from '../../bot/slack/events/ask.js';
import type { Answer, QuestionContext, QuestionHandler } from '../../bot/slack/questions/types.js';
import { eventCallback } from './fake-slack/payloads.js';
import { type Harness, OPERATOR, OPS, startHarness } from './harness.js';

/** A question handler each test scripts. */
class ScriptedQuestions implements QuestionHandler {
  next: (context: QuestionContext) => Promise<Answer> = async () => ({ text: 'unscripted' });
  answer(_question: string, context: QuestionContext): Promise<Answer> {
    return this.next(context);
  }
}

const questions = new ScriptedQuestions();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ at: '2026-03-03T21:10:00Z', questions });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  questions.next = async () => ({ text: 'unscripted' });
});

const replies = (threadTs: string) => h.fake.posts(OPS).filter((m) => m.threadTs === threadTs);

/** @Headroom <text> in the channel; resolves with the message (its ts is the thread's). */
async function mention(text: string) {
  const full = `<@${h.fake.botUserId}> ${text}`;
  const m = h.fake.addUserMessage(OPS, OPERATOR, full);
  await h.fake.send(
    'events_api',
    eventCallback({ type: 'app_mention', channel: OPS, user: OPERATOR, text: full, ts: m.ts }, h.fake.botUserId),
  );
  return m;
}

describe('the thread always gets a visible answer', () => {
  it('a handler that throws after showing progress: the progress message becomes the error notice', async () => {
    questions.next = async (context) => {
      context.progress?.('checking headroom of us-east-1…');
      throw new TypeError('a bug in a handler');
    };
    const m = await mention('how is us-east-1?');
    const notice = await h.fake.waitFor(
      () => replies(m.ts).find((r) => r.text === INTERNAL_ERROR_ANSWER),
      10_000,
      'the error notice',
    );
    expect(replies(m.ts)).toHaveLength(1);
    expect(notice.updates).toBe(1);
    const posted = h.fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === m.ts);
    expect(posted.map((c) => c.args.text)).toEqual(['_checking headroom of us-east-1…_']);
  });

  it('a handler that throws before any progress: the error notice is posted', async () => {
    questions.next = async () => {
      throw new Error('no progress, straight to a bug');
    };
    const m = await mention('what now?');
    const notice = await h.fake.waitFor(() => replies(m.ts)[0], 10_000, 'the error notice');
    expect(notice.text).toBe(INTERNAL_ERROR_ANSWER);
  });

  it('when the progress message cannot be replaced, the answer is posted as a new message and the progress message deleted', async () => {
    questions.next = async (context) => {
      context.progress?.('checking headroom of us-east-1…');
      return { text: 'us-east-1 is fine.' };
    };
    // The one chat.update of this question (the answer) fails with an API error, not retried.
    h.fake.failNext('chat.update', { status: 200, error: 'cant_update_message' });
    const m = await mention('how is us-east-1?');
    const answer = await h.fake.waitFor(
      () => replies(m.ts).find((r) => r.text === 'us-east-1 is fine.'),
      10_000,
      'the answer',
    );
    expect(answer.updates).toBe(0);
    expect(h.fake.callsOf('chat.update').filter((c) => c.args.text === 'us-east-1 is fine.')).toHaveLength(1);
    const progressTs = h.fake.callsOf('chat.update').find((c) => c.args.text === 'us-east-1 is fine.')?.args.ts;
    await h.fake.waitFor(
      () => h.fake.callsOf('chat.delete').find((c) => c.args.ts === progressTs),
      10_000,
      'the progress message deleted',
    );
    expect(replies(m.ts).map((r) => r.text)).toEqual(['us-east-1 is fine.']);
  });

  it('when the stale progress message cannot be deleted either, the answer stays and the failure is only logged', async () => {
    questions.next = async (context) => {
      context.progress?.('checking headroom of us-west-2…');
      return { text: 'us-west-2 is fine.' };
    };
    h.fake.failNext('chat.update', { status: 200, error: 'cant_update_message' });
    h.fake.failNext('chat.delete', { status: 200, error: 'cant_delete_message' });
    const m = await mention('how is us-west-2?');
    const progress = await h.fake.waitFor(() => replies(m.ts)[0], 10_000, 'the progress message');
    await h.fake.waitFor(
      () => h.fake.callsOf('chat.delete').find((c) => c.args.ts === progress.ts),
      10_000,
      'a delete attempt',
    );
    expect(replies(m.ts).map((r) => r.text)).toEqual(['_checking headroom of us-west-2…_', 'us-west-2 is fine.']);
  });
});

describe('text from a model is escaped for Slack', () => {
  it('mentions and links in a model’s answer show as text; *bold* and `code` stay mrkdwn', async () => {
    questions.next = async () => ({
      text: '<!channel> *eu-west-1 is fine* per `get_signals`; <!subteam^S0ONCALL> see <https://evil.example/x|the runbook> & <@U0BOSS01>',
      fromModel: true,
    });
    const m = await mention('anything to worry about?');
    const answer = await h.fake.waitFor(() => replies(m.ts)[0], 10_000, 'the answer');
    expect(answer.text).toBe(
      '&lt;!channel&gt; *eu-west-1 is fine* per `get_signals`; &lt;!subteam^S0ONCALL&gt; see ' +
        'the runbook (link: hxxps://evil[.]example/x) &amp; &lt;@U0BOSS01&gt;',
    );
    expect(answer.text).not.toMatch(/<[!@#]|<https?:/);
  });

  it('Headroom’s own answers are posted as written (their data is escaped where it is built)', async () => {
    questions.next = async () => ({ text: '*What-if* for `a &amp; b`: <https://headroom.example/docs|docs>' });
    const m = await mention('what if grow 10');
    const answer = await h.fake.waitFor(() => replies(m.ts)[0], 10_000, 'the answer');
    expect(answer.text).toBe('*What-if* for `a &amp; b`: <https://headroom.example/docs|docs>');
  });

  it('a progress status is escaped and kept to one short line', async () => {
    questions.next = async (context) => {
      context.progress?.(`checking <!here> and <https://evil.example|this>\n${'x'.repeat(400)}`);
      return { text: 'done' };
    };
    const m = await mention('status?');
    await h.fake.waitFor(() => replies(m.ts).find((r) => r.text === 'done'), 10_000, 'the answer');
    const status = h.fake.callsOf('chat.postMessage').find((c) => c.args.thread_ts === m.ts)!.args.text as string;
    expect(status).not.toContain('<');
    expect(status).toMatch(/^_checking &lt;!here&gt; and this \(link: hxxps:\/\/evil\[\.\]example\) x+…_$/);
    expect(status.length).toBeLessThanOrEqual(152);
  });
});
