// When the fleet cannot be evaluated (no history from the metrics store), the channel is told once,
// and the same message says so when polls work again: silence never looks like health.
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../bot/core/core.js';
import type { MetricsSource } from '../../tools/sources/types.js';
import { demoRuntime, type Harness, OPS, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The demo fleet's metrics, with history reads that fail while `down` is set. */
function flakyMetrics(inner: MetricsSource) {
  const state = { down: true };
  const source: MetricsSource = {
    kind: inner.kind,
    unitRange: async (metric, range) => {
      if (state.down) throw new Error('Prometheus range query for load: no complete answer within 10000 ms');
      return inner.unitRange(metric, range);
    },
    regionLoadRange: (range) => inner.regionLoadRange(range),
    latest: (metric, atMs) => inner.latest(metric, atMs),
  };
  return { source, state };
}

describe('a fleet that cannot be evaluated', () => {
  it('is said once in the channel, and the same message says when evaluation works again', async () => {
    const rt = await demoRuntime();
    const flaky = flakyMetrics(rt.core.deps.metrics);
    const core = new Core({ ...rt.core.deps, metrics: flaky.source });
    h = await startHarness({ core, at: '2026-03-03T20:50:00Z' });

    await expect(h.bot.pollNow()).rejects.toThrow(/no complete answer/);
    h.clock.t += 300_000;
    await expect(h.bot.pollNow()).rejects.toThrow(/no complete answer/);
    const notices = h.fake.posts(OPS).filter((m) => m.text.includes('cannot evaluate'));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toMatch(
      /^:warning: \*Headroom cannot evaluate the fleet\* since 2026-03-03 20:50 UTC: Prometheus range query for load: no complete answer within 10000 ms\n/,
    );
    expect(notices[0]!.text).toContain('Every work unit is unknown to Headroom until this clears');
    expect(notices[0]!.updates).toBe(0);

    flaky.state.down = false;
    h.clock.t += 300_000;
    await h.bot.pollNow();
    const edited = h.fake.posts(OPS).find((m) => m.ts === notices[0]!.ts)!;
    expect(edited.text).toMatch(
      /^:white_check_mark: Headroom evaluates the fleet again since 2026-03-03 21:00 UTC \(it could not from 2026-03-03 20:50 UTC: /,
    );
    expect(h.fake.posts(OPS).filter((m) => m.text.includes('cannot evaluate'))).toHaveLength(0);
  });
});

describe('history that cannot be refreshed', () => {
  it('leaves the earlier history in use, says so, and retries 15 minutes later', async () => {
    const rt = await demoRuntime();
    const flaky = flakyMetrics(rt.core.deps.metrics);
    flaky.state.down = false;
    let reads = 0;
    const counting: MetricsSource = {
      ...flaky.source,
      unitRange: (m, r) => {
        reads++;
        return flaky.source.unitRange(m, r);
      },
    };
    const core = new Core({ ...rt.core.deps, metrics: counting });
    const t0 = Date.parse('2026-03-03T20:50:00Z');
    const first = await core.learnedAt(t0);
    expect(core.historyRefreshFailure).toBeUndefined();

    flaky.state.down = true;
    const dayLater = t0 + 86_400_000;
    expect(await core.learnedAt(dayLater)).toBe(first);
    expect(core.historyRefreshFailure).toEqual({
      atMs: dayLater,
      message: expect.stringMatching(/no complete answer/),
    });
    const afterFailure = reads;
    expect(await core.learnedAt(dayLater + 10 * 60_000)).toBe(first); // within the retry wait: no read
    expect(reads).toBe(afterFailure);

    flaky.state.down = false;
    const refreshed = await core.learnedAt(dayLater + 15 * 60_000);
    expect(refreshed).not.toBe(first);
    expect(refreshed.history.builtAtMs).toBe(dayLater + 15 * 60_000);
    expect(core.historyRefreshFailure).toBeUndefined();
  });
});
