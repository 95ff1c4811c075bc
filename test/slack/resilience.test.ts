import { afterEach, describe, expect, it } from 'vitest';
import { slashCommand } from './fake-slack/payloads.js';
import { type Harness, OPS, startHarness, VIEWER } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const recPosts = (x: Harness) => x.fake.posts(OPS).filter((m) => !m.threadTs && m.text.includes('eu-west-1'));

describe('nothing lost when Slack says 429 or 5xx', () => {
  it('429 with Retry-After: the client waits as told and the post still arrives', async () => {
    h = await startHarness({ at: '2026-03-03T21:00:00Z' });
    h.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    await h.bot.pollNow();
    const calls = h.fake.callsOf('chat.postMessage');
    expect(calls).toHaveLength(2);
    // the retry waits the 1 s Slack asked for: not less, and not some longer backoff of its own
    // (the gap holds no other work, so machine load barely moves it)
    expect(calls[1]!.atMs - calls[0]!.atMs).toBeGreaterThanOrEqual(950);
    expect(calls[1]!.atMs - calls[0]!.atMs).toBeLessThan(4_000);
    expect(recPosts(h)).toHaveLength(1);
    expect(h.store.getOpenRecommendation('eu-west-1')!.messageRef).not.toBeNull();
  });

  it('a 5xx is retried with backoff', async () => {
    h = await startHarness({ at: '2026-03-03T21:00:00Z' });
    h.fake.failNext('chat.postMessage', { status: 503 }, { status: 500 });
    await h.bot.pollNow();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(3);
    expect(recPosts(h)).toHaveLength(1);
  });

  it('an outage longer than the retries: the post is kept and made on the next poll, once', async () => {
    h = await startHarness({ at: '2026-03-03T21:00:00Z' });
    h.fake.failNext('chat.postMessage', ...Array.from({ length: 4 }, () => ({ status: 503 })));
    await h.bot.pollNow();
    expect(recPosts(h)).toHaveLength(0);
    expect(h.store.getOpenRecommendation('eu-west-1')!.messageRef).toBeNull();
    h.clock.set('2026-03-03T21:01:00Z');
    await h.bot.pollNow();
    expect(recPosts(h)).toHaveLength(1);
    h.clock.set('2026-03-03T21:05:00Z');
    await h.bot.pollNow();
    expect(recPosts(h)).toHaveLength(1);
    expect(recPosts(h)[0]!.text).toMatch(/^FAILOVER/);
  });

  it('a crash between opening a recommendation and posting it: posted at the next start', async () => {
    h = await startHarness({ at: '2026-03-03T21:00:00Z' });
    h.fake.failNext('chat.postMessage', ...Array.from({ length: 4 }, () => ({ status: 502 })));
    await h.bot.pollNow();
    expect(recPosts(h)).toHaveLength(0);
    await h.restart();
    expect(recPosts(h)).toHaveLength(1);
  });
});

describe('Socket Mode connection refresh', () => {
  it('reconnects when Slack asks and keeps serving commands', async () => {
    h = await startHarness({ at: '2026-03-03T21:00:00Z' });
    const x = h;
    const before = x.fake.connections;
    x.fake.requestReconnect();
    await x.fake.waitFor(() => x.fake.connections > before, 5000, 'reconnection');
    await new Promise((r) => setTimeout(r, 100));
    const { payload } = slashCommand(x.fake, { command: '/failover', text: 'help', user: VIEWER });
    const ack = (await x.fake.send('slash_commands', payload)) as { text: string };
    expect(ack.text).toBe('/failover help');
  });

  it('a resolution whose edit failed, then a restart: the message is still marked resolved', async () => {
    h = await startHarness({ at: '2026-03-03T21:05:00Z' });
    await h.bot.pollNow();
    expect(recPosts(h)[0]!.text).toMatch(/^FAILOVER/);
    h.clock.set('2026-03-03T22:05:00Z'); // recovered: the poll closes the recommendation …
    h.fake.failNext('chat.update', ...Array.from({ length: 4 }, () => ({ status: 503 }))); // … and the edit fails
    await h.bot.pollNow();
    expect(h.store.listRecommendations({ open: true, workUnit: 'eu-west-1' })).toHaveLength(0);
    expect(recPosts(h)[0]!.text).toMatch(/^FAILOVER/);
    await h.restart();
    expect(recPosts(h)).toHaveLength(1);
    expect(recPosts(h)[0]!.text).toMatch(/^Resolved: eu-west-1/);
    expect(h.store.laggingMessages()).toEqual([]);
  });

  it('a decision whose message edit failed is shown by the next poll', async () => {
    h = await startHarness({ at: '2026-03-03T21:05:00Z' });
    await h.bot.pollNow();
    const rec = h.store.getOpenRecommendation('eu-west-1')!;
    h.fake.failNext('chat.update', ...Array.from({ length: 4 }, () => ({ status: 500 })));
    h.store.recordDecision({
      recommendationId: rec.id,
      userId: 'UOPER001',
      atMs: h.clock.now(),
      kind: 'follow',
      content: {},
      followedRecommendation: true,
    });
    await h.bot.deps.poster.sync(rec.id); // what the Follow button does; the edit fails
    expect(JSON.stringify(recPosts(h)[0]!.blocks)).not.toContain('is following');
    expect(h.store.laggingMessages()).toEqual([rec.id]);
    h.clock.set('2026-03-03T21:06:00Z');
    await h.bot.pollNow(); // nothing material changed in the fleet: the poll has no event for it
    expect(JSON.stringify(recPosts(h)[0]!.blocks)).toContain('<@UOPER001> is following');
    expect(h.store.laggingMessages()).toEqual([]);
  });
});
