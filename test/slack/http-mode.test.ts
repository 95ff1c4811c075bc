import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommand } from './fake-slack/payloads.js';
import { type Harness, OPS, SIGNING_SECRET, startHarness, VIEWER } from './harness.js';

let h: Harness;
let url: string;
beforeAll(async () => {
  h = await startHarness({ transport: 'http', at: '2026-03-03T21:10:00Z' });
  url = `http://127.0.0.1:${h.bot.port}/slack/events`;
});
afterAll(async () => {
  await h?.close();
});

function sign(body: string, ts: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

function commandBody(text: string): { body: string; responseId: string } {
  const { payload, responseId } = slashCommand(h.fake, { command: '/failover', text, user: VIEWER, channel: OPS });
  return { body: new URLSearchParams(payload as Record<string, string>).toString(), responseId };
}

async function post(body: string, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

const now = () => Math.floor(Date.now() / 1000);

describe('HTTP mode with real request signatures', () => {
  it('listens on loopback only', () => {
    expect(h.bot.port).toBeGreaterThan(0);
  });

  it('accepts a correctly signed slash command and answers through response_url', async () => {
    const { body, responseId } = commandBody('eu-west-1');
    const ts = now();
    const res = await post(body, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).text).toMatch(/^Working on/);
    const reply = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === responseId), 10_000, 'reply');
    expect(JSON.stringify(reply.body.blocks)).toContain('Failover plan for eu-west-1');
  });

  it('refuses a signature made with the wrong secret', async () => {
    const { body } = commandBody('help');
    const ts = now();
    const res = await post(body, {
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(body, ts, 'nope'),
    });
    expect(res.status).toBe(401);
  });

  it('refuses a changed body', async () => {
    const { body } = commandBody('help');
    const ts = now();
    const res = await post(body.replace('help', 'eu-west-1'), {
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(body, ts),
    });
    expect(res.status).toBe(401);
  });

  it('refuses missing headers', async () => {
    const { body } = commandBody('help');
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { 'x-slack-request-timestamp': String(now()) })).status).toBe(401);
    expect((await post(body, { 'x-slack-signature': sign(body, now()) })).status).toBe(401);
  });

  it('refuses a timestamp older than five minutes, even when correctly signed', async () => {
    const { body } = commandBody('help');
    const ts = now() - 6 * 60;
    const res = await post(body, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) });
    expect(res.status).toBe(401);
  });
});
