// npm run bench:slack — the Slack app through the local fake of Slack (real Bolt, web-api and
// socket-mode over loopback sockets), one JSON line per figure.
// Goals: slash-command ack p99 ≤ 100 ms; full /capacity with chart ≤ 1.5 s; poll → post ≤ 1 s.
import { slashCommand } from '../test/slack/fake-slack/payloads.js';
import { type Harness, OPS, startHarness, VIEWER } from '../test/slack/harness.js';
import { emit, percentile, round } from './stats.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function figures(bench: string, samples: number[], goalMs?: number) {
  for (const [stat, q] of [
    ['p50', 0.5],
    ['p99', 0.99],
  ] as const) {
    emit({
      bench,
      value: round(percentile(samples, q)),
      unit: 'ms',
      stat,
      n: samples.length,
      ...(goalMs ? { goalMs } : {}),
    });
  }
}

async function slashAck(h: Harness, runs: number) {
  const samples: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const { payload, responseId } = slashCommand(h.fake, {
      command: '/failover',
      text: 'eu-west-1',
      user: VIEWER,
      channel: OPS,
    });
    const t0 = performance.now();
    await h.fake.send('slash_commands', payload);
    const dt = performance.now() - t0;
    if (i >= 5) samples.push(dt);
    await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === responseId), 10_000, 'reply');
  }
  figures('slack.slashCommand.ack', samples, 100);
}

async function capacityFull(h: Harness, runs: number, text: string, bench: string) {
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const before = h.fake.callsOf('files.completeUploadExternal').length;
    const { payload } = slashCommand(h.fake, { command: '/capacity', text, user: VIEWER, channel: OPS });
    const t0 = performance.now();
    await h.fake.send('slash_commands', payload);
    await h.fake.waitFor(() => h.fake.callsOf('files.completeUploadExternal').length > before, 10_000, 'chart');
    const ms = performance.now() - t0;
    if (i === 0) emit({ bench: `${bench}.first`, value: round(ms), unit: 'ms', note: 'first call: models fitted' });
    if (i >= 2) samples.push(ms);
  }
  figures(bench, samples, 1500);
}

/** Each run: the open episode is closed by hand, and the next poll (failover verdict) opens and posts a new one. */
async function pollToPost(h: Harness, runs: number) {
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = Date.parse('2026-03-03T21:06:00Z') + i * 120_000;
    const open = h.store.getOpenRecommendation('eu-west-1');
    if (open) h.store.closeRecommendation(open.id, { atMs: t, resolution: 'superseded' });
    h.clock.t = t;
    const before = h.fake.callsOf('chat.postMessage').length;
    const t0 = Date.now();
    await h.bot.pollNow();
    const call = await h.fake.waitFor(() => h.fake.callsOf('chat.postMessage')[before], 5000, 'post');
    if (i >= 1) samples.push(call.atMs - t0);
    await sleep(1100); // chat.postMessage: about one a second per channel
  }
  figures('slack.shadow.pollToPost', samples, 1000);
}

const h = await startHarness({ at: '2026-03-03T21:05:00Z' });
try {
  await h.bot.pollNow(); // loads history once
  await slashAck(h, 200);
  await capacityFull(h, 20, '90d', 'slack.capacity.fullWithChart.fleet90d');
  await capacityFull(h, 20, 'eu-west-1 90d', 'slack.capacity.fullWithChart.unit90d');
  await pollToPost(h, 10);
} finally {
  await h.close();
}
