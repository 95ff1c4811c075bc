// Replayed Slack HTTP requests: Bolt's own check accepts a validly signed request twice within
// five minutes and any timestamp in the future. Through the real HTTPReceiver on a real socket.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, QuestionHandler } from '../../bot/slack/questions/types.js';
import { judgeDelivery } from '../../bot/slack/replay-guard.js';
import { MemoryDeliveryLedger } from '../../bot/store/index.js';
import { eventCallback, slashCommand } from './fake-slack/payloads.js';
import { type Harness, OPERATOR, OPS, SIGNING_SECRET, startHarness, VIEWER } from './harness.js';

class CountingQuestions implements QuestionHandler {
  asked: string[] = [];
  async answer(question: string): Promise<Answer> {
    this.asked.push(question);
    return { text: 'counted' };
  }
}

const questions = new CountingQuestions();
const dir = mkdtempSync(join(tmpdir(), 'headroom-replay-'));
let a: Harness;
let b: Harness;
const urlOf = (h: Harness) => `http://127.0.0.1:${h.bot.port}/slack/events`;
beforeAll(async () => {
  // Two replicas sharing one store, as when the bot runs replicated.
  a = await startHarness({ transport: 'http', at: '2026-03-03T21:10:00Z', questions, dir });
  b = await startHarness({ transport: 'http', at: '2026-03-03T21:10:00Z', questions, dir, fake: a.fake });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sign = (body: string, ts: number) =>
  `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: string, body: string, ts: number, extra: Record<string, string> = {}, type = 'form') {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(body, ts),
      ...extra,
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

function command(text: string) {
  const { payload, responseId } = slashCommand(a.fake, { command: '/failover', text, user: VIEWER, channel: OPS });
  return { body: new URLSearchParams(payload as Record<string, string>).toString(), responseId };
}

describe('Slack HTTP replay protection', () => {
  it('runs a signed slash command once and refuses the identical second delivery', async () => {
    const { body, responseId } = command('eu-west-1');
    const ts = now();
    expect((await post(urlOf(a), body, ts)).status).toBe(200);
    await a.fake.waitFor(() => a.fake.responses.find((r) => r.id === responseId), 10_000, 'first reply');
    const replay = await post(urlOf(a), body, ts);
    expect(replay.status).toBe(401);
    expect(replay.text).toMatch(/already delivered/);
    await sleep(300);
    expect(a.fake.responses.filter((r) => r.id === responseId)).toHaveLength(1);
  });

  it('refuses the replay at another replica sharing the store', async () => {
    const { body } = command('help');
    const ts = now();
    expect((await post(urlOf(a), body, ts)).status).toBe(200);
    expect((await post(urlOf(b), body, ts)).status).toBe(401);
  });

  it('refuses a correctly signed timestamp more than five minutes in the future', async () => {
    const { body } = command('help');
    const res = await post(urlOf(a), body, now() + 6 * 60);
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/future/);
  });

  it("acks Slack's retry of an event with 200 and does not answer it twice", async () => {
    const m = a.fake.addUserMessage(OPS, OPERATOR, `<@${a.fake.botUserId}> how is eu-west-1?`);
    const event = eventCallback(
      { type: 'app_mention', channel: OPS, user: OPERATOR, text: m.text, ts: m.ts },
      a.fake.botUserId,
    );
    const body = JSON.stringify(event);
    const before = questions.asked.length;
    const ts = now();
    expect((await post(urlOf(a), body, ts, {}, 'json')).status).toBe(200);
    await a.fake.waitFor(() => questions.asked.length > before || undefined, 10_000, 'the answer');
    // Slack re-signs each retry: a new timestamp, the same event_id; it may land on the other replica.
    const retry = await post(
      urlOf(b),
      body,
      ts + 1,
      { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      'json',
    );
    expect(retry.status).toBe(200);
    await sleep(300);
    expect(questions.asked.length).toBe(before + 1);
  });
});

describe('judgeDelivery', () => {
  const nowMs = Date.parse('2026-03-03T21:10:00Z');
  const ts = nowMs / 1000;
  it('runs a first delivery, refuses its replay and forgets it once the signature has expired', () => {
    const ledger = new MemoryDeliveryLedger();
    const d = { signature: 'v0=aa', timestampS: ts, retryNum: undefined, eventId: undefined };
    expect(judgeDelivery(d, ledger, nowMs).kind).toBe('run');
    expect(judgeDelivery(d, ledger, nowMs + 299_000)).toMatchObject({ kind: 'refuse' });
    // after the window Bolt refuses the stale timestamp itself; the ledger may forget it
    expect(judgeDelivery(d, ledger, nowMs + 302_000).kind).toBe('run');
  });
  it('runs a retry whose original never arrived, and refuses a non-numeric timestamp', () => {
    const ledger = new MemoryDeliveryLedger();
    expect(judgeDelivery({ signature: 'v0=b', timestampS: ts, retryNum: 2, eventId: 'Ev1' }, ledger, nowMs).kind).toBe(
      'run',
    );
    expect(
      judgeDelivery(
        { signature: 'v0=c', timestampS: Number.NaN, retryNum: undefined, eventId: undefined },
        ledger,
        nowMs,
      ).kind,
    ).toBe('refuse');
  });
});
