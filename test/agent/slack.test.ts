import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackBot, startSlackBot } from '../../bot/slack/bot.js';
import { questionHandlerFor } from '../../bot/slack/questions/compose.js';
import { openStore, type Store } from '../../bot/store/index.js';
import { createToolDeps } from '../../bot/tools-deps.js';
import { say, useTool } from '../fakes/anthropic/script.js';
import { FakeAnthropic } from '../fakes/anthropic/server.js';
import { eventCallback } from '../slack/fake-slack/payloads.js';
import { type FakeMessage, FakeSlack } from '../slack/fake-slack/server.js';
import { demoRuntime, LEADERS, ManualClock, OPERATOR, OPS, testConfig } from '../slack/harness.js';
import { API_KEY, toolResultsIn } from './helpers.js';

let slack: FakeSlack;
let anthropic: FakeAnthropic;
let bot: SlackBot;
let store: Store;
let dir: string;
let stopQuestions: () => Promise<void>;
let rec: FakeMessage;

beforeAll(async () => {
  const rt = await demoRuntime();
  slack = await new FakeSlack().start();
  anthropic = await new FakeAnthropic({ apiKey: API_KEY }).start();
  dir = mkdtempSync(join(tmpdir(), 'headroom-agent-slack-'));
  store = openStore(join(dir, 'headroom.db'));
  const clock = new ManualClock(Date.parse('2026-03-03T21:10:00Z'));
  const now = () => clock.now();
  const config = testConfig(rt);
  const log = pino({ level: 'silent' });
  // As `headroom start` composes it: the registry's real tools over the simulated fleet.
  const questions = questionHandlerFor({
    config,
    core: rt.core,
    store,
    now,
    log,
    claude: { apiKey: API_KEY, baseURL: anthropic.url },
    toolDeps: createToolDeps({ core: rt.core, store, now }),
  });
  expect(questions.kind).toBe('claude');
  stopQuestions = questions.stop;
  bot = await startSlackBot({
    transport: { kind: 'socket', botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl },
    config,
    core: rt.core,
    store,
    clock,
    log,
    pollMs: 0,
    bolt: {
      clientPingTimeout: 600,
      retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 50, randomize: false },
    },
    questions: questions.handler,
  });
  await bot.pollNow();
  rec = slack.posts(OPS).find((m) => m.text.includes('eu-west-1'))!;
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await stopQuestions?.();
  store?.close();
  await slack?.stop();
  await anthropic?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function threadReply(text: string) {
  const m = slack.addUserMessage(OPS, OPERATOR, text, rec.ts);
  await slack.send(
    'events_api',
    eventCallback(
      { type: 'message', channel: OPS, user: OPERATOR, text, ts: m.ts, thread_ts: rec.ts, channel_type: 'channel' },
      slack.botUserId,
    ),
  );
}

describe('Claude in a recommendation thread, through Slack', () => {
  it('one progress message, updated as tools run, then replaced by the answer built from real tool output', async () => {
    let headroomPct = '';
    anthropic.respond((req, i) => {
      if (i === 0) return useTool('list_work_units', {});
      if (i === 1) return useTool('get_headroom', { workUnit: 'us-east-1' });
      const results = toolResultsIn(req.body);
      const data = JSON.parse(results.at(-1)!.content).data;
      headroomPct = (data.workUnits[0].headroom * 100).toFixed(0);
      return say(`us-east-1 has ${headroomPct} % headroom now (get_headroom).`);
    });
    await threadReply('how much room does us-east-1 have if we move eu-west-1 there?');
    const replies = () => slack.posts(OPS).filter((m) => m.threadTs === rec.ts);
    const answer = await slack.waitFor(
      () => replies().find((m) => m.text.includes('headroom now')),
      15_000,
      'the answer',
    );
    expect(answer.text).toBe(`us-east-1 has ${headroomPct} % headroom now (get_headroom).`);
    expect(replies()).toHaveLength(1);
    const posted = slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === rec.ts);
    expect(posted.map((c) => c.args.text)).toEqual(['_listing work units…_']);
    const updates = slack
      .callsOf('chat.update')
      .filter((c) => c.args.ts === answer.ts)
      .map((c) => c.args.text);
    expect(updates).toEqual(['_checking headroom of us-east-1…_', answer.text]);
    // The recommendation opened the thread, so it was in the context Claude received.
    expect(JSON.stringify(anthropic.bodies()[0]!.messages)).toContain('recommendation that opened this thread');
  });

  it('when Claude is overloaded, the what-if form in the thread still gets its deterministic answer', async () => {
    anthropic.script([
      { kind: 'error', status: 529, type: 'overloaded_error', retryAfterSeconds: 0 },
      { kind: 'error', status: 529, type: 'overloaded_error', retryAfterSeconds: 0 },
      { kind: 'error', status: 529, type: 'overloaded_error', retryAfterSeconds: 0 },
    ]);
    const before = slack.posts(OPS).filter((m) => m.threadTs === rec.ts).length;
    await threadReply('what if we split between eu-central-1 and us-east-1 instead?');
    const answer = await slack.waitFor(
      () => slack.posts(OPS).filter((m) => m.threadTs === rec.ts)[before],
      15_000,
      'the degraded answer',
    );
    expect(answer.text).toContain('Claude is unavailable (the Anthropic API is overloaded (529) after retries)');
    expect(answer.text).toContain('whatif shed eu-west-1 split eu-central-1=0.5,us-east-1=0.5');
  });

  it('the weekly report shows what Claude cost this week, per day', async () => {
    await bot.deps.postWeeklyReport(Date.parse('2026-03-03T21:30:00Z'));
    const report = slack
      .posts(LEADERS)
      .filter((m) => !m.threadTs)
      .at(-1)!;
    const text = JSON.stringify(report.blocks);
    const week = store.agentUsage.total(0, Date.parse('2026-03-04T00:00:00Z'));
    expect(week.questions).toBe(2);
    expect(text).toContain(
      `*Claude this week*: 2 question(s), ${week.tokens.toLocaleString('en-US')} tokens, $${week.costUsd.toFixed(2)}`,
    );
    expect(text).toContain('03-03: 2 ·');
  });

  it('a prompt-injected mention or link pings and links nothing: not in progress, not in the answer', async () => {
    let round = 0;
    anthropic.respond(() => {
      if (round++ === 0) return useTool('get_headroom', { workUnit: '<!channel>' });
      return say(
        '<!here> *eu-west-1 needs attention*, see `get_signals` and <https://evil.example/login|the runbook> <!subteam^S0ONCALL>',
      );
    });
    const before = slack.callsOf('chat.postMessage').length;
    await threadReply('is anything wrong?');
    const replies = () => slack.posts(OPS).filter((m) => m.threadTs === rec.ts);
    const answer = await slack.waitFor(
      () => replies().find((m) => m.text.includes('needs attention')),
      15_000,
      'the answer',
    );
    expect(answer.text).toBe(
      '&lt;!here&gt; *eu-west-1 needs attention*, see `get_signals` and ' +
        'the runbook (link: hxxps://evil[.]example/login) &lt;!subteam^S0ONCALL&gt;',
    );
    const progress = slack
      .callsOf('chat.postMessage')
      .slice(before)
      .filter((c) => c.args.thread_ts === rec.ts)
      .map((c) => c.args.text);
    expect(progress).toEqual(['_checking headroom…_']);
    for (const call of slack.calls.slice(before)) expect(JSON.stringify(call.args)).not.toMatch(/<!|<https:\/\/evil/);
  });
});
