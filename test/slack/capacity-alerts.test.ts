// Proactive capacity alerts through the real Bolt client against the local Slack fake: posted once
// with the date, figures and chart; not repeated; said again when earlier; "no longer crosses".
import { pino } from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastPoints } from '../../analytics/forecast/capacity-forecast.js';
import { capacityView } from '../../analytics/forecast/capacity-view.js';
import type { UnitCapacityForecast } from '../../bot/core/capacity-forecast.js';
import { CAPACITY_ALERT_META, CapacityAlerter } from '../../bot/slack/capacity-alerts.js';
import { SlackOut } from '../../bot/slack/out.js';
import { RateLimits, TIERS } from '../../bot/slack/rate-tiers.js';
import { type Harness, OPS, startHarness } from './harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ at: '2026-03-03T09:00:00Z' });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** A unit forecast whose daily P90 peak is 1000 until `crossInDays`, then 1300; safe capacity 1200. */
function stubForecast(crossInDays: number | null) {
  return async (unit: string, atMs: number, horizonDays: number): Promise<UnitCapacityForecast> => {
    const first = Math.floor(atMs / HOUR) * HOUR + HOUR;
    const yhat = Array.from({ length: 24 * (horizonDays + 1) }, (_, i) => {
      const t = first + i * HOUR;
      const high = crossInDays !== null && t >= Math.floor(atMs / DAY) * DAY + crossInDays * DAY;
      return (t % DAY) / HOUR === 20 ? (high ? 1250 : 950) : 500;
    });
    const view = capacityView({
      atMs,
      horizonDays,
      safeCapacity: 1200,
      model: 'stub',
      reason: 'test',
      backtestCoverage: 0.8,
      points: forecastPoints(
        first,
        yhat,
        yhat.map((v) => v - 40),
        yhat.map((v) => v + 50),
      ),
      history: { startMs: atMs - 10 * DAY, stepMs: HOUR, values: new Float64Array(10 * 24).fill(700) },
    });
    return {
      workUnit: unit,
      horizonDays,
      safeCapacity: 1200,
      view,
      observedDailyPeaks: [],
      forecast: { model: 'stub', reason: 'test', backtestCoverage: 0.8, dailyPeaks: [], crossesAt: null, points: [] },
      provenance: {
        kind: 'capacity-90d',
        model: 'stub',
        inputRange: { startMs: atMs - 10 * DAY, endMs: atMs },
        computedAtMs: atMs,
        asOfMs: atMs,
        source: 'computed',
      },
    };
  };
}

describe('proactive capacity alerts', () => {
  it('posts once per crossing unit with the date, figures and chart; no repeat; earlier; no longer crosses', async () => {
    const units = h.bot.deps.core.fleet.workUnits.map((u) => u.id);
    let crossIn: number | null = 12;
    // Slack's one-post-a-second per channel is not what this test is about.
    const out = new SlackOut(
      h.bot.deps.out.client,
      new RateLimits({ ...TIERS, postMessagePerChannel: { burst: 100, refillMs: 10 } }),
    );
    // The renderer has its own pixel tests; here a small PNG is enough to see it uploaded.
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const make = () =>
      new CapacityAlerter({
        core: h.bot.deps.core,
        store: h.store,
        out,
        channel: OPS,
        renderChart: async () => png,
        log: pino({ level: 'silent' }),
        forecast: (u, t, d) => stubForecast(crossIn)(u, t, d),
      });
    let alerter = make();
    try {
      const at = Date.parse('2026-03-03T09:00:00Z');
      const posted = () => h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === OPS);
      const before = posted().length;

      const first = await alerter.check(at);
      expect(first.map((p) => p.kind)).toEqual(units.map(() => 'crossing'));
      const msg = posted().at(-1)!;
      expect(String(msg.args.text)).toBe(`${units.at(-1)} crosses safe capacity on 2026-03-15.`);
      expect(String(msg.args.blocks)).toContain('P90 peak 1,300 rps against safe capacity 1,200 rps');
      expect(String(msg.args.blocks)).toContain('in 12 days');
      expect(h.fake.callsOf('files.completeUploadExternal').length).toBeGreaterThanOrEqual(units.length);
      expect(JSON.parse(h.store.getMeta(CAPACITY_ALERT_META(units[0]!))!)).toEqual({ date: '2026-03-15', atMs: at });

      // Nothing changed: nothing said. A new alerter (a restart) keeps the memory: it is in the store.
      expect(await alerter.check(at + HOUR)).toEqual([]);
      alerter = make();
      expect(await alerter.check(at + 90 * 60_000)).toEqual([]);
      crossIn = 10; // two days earlier: still quiet
      expect(await alerter.check(at + 2 * HOUR)).toEqual([]);
      crossIn = 5; // a week earlier than said: said again
      const earlier = await alerter.check(at + 3 * HOUR);
      expect(earlier.map((p) => p.kind)).toEqual(units.map(() => 'earlier'));
      expect(String(posted().at(-1)!.args.blocks)).toContain('7 days earlier than said before (2026-03-15)');
      crossIn = null;
      const cleared = await alerter.check(at + 4 * HOUR);
      expect(cleared.map((p) => p.kind)).toEqual(units.map(() => 'cleared'));
      expect(String(posted().at(-1)!.args.text)).toBe(`${units.at(-1)} no longer crosses safe capacity.`);
      expect(await alerter.check(at + 5 * HOUR)).toEqual([]);
      expect(posted().length - before).toBe(3 * units.length);
    } finally {
      await out.stop();
    }
  }, 60_000);

  it('checks the real forecasts of the demo fleet through the bot, and does not repeat itself', async () => {
    for (const u of h.bot.deps.core.fleet.workUnits) h.store.setMeta(CAPACITY_ALERT_META(u.id), '');
    const first = await h.bot.checkCapacityAlerts();
    for (const p of first) expect(p.kind).toBe('crossing');
    expect(await h.bot.checkCapacityAlerts()).toEqual([]);
  }, 120_000);
});
