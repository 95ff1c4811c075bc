import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../bot/app/runtime.js';
import { type ShadowEvent, shadowPoll } from '../../bot/shadow/shadow-loop.js';
import { openStore } from '../../bot/store/index.js';

const DEMO = fileURLToPath(new URL('../../manifests/scenarios/demo.yaml', import.meta.url));
const FIVE_MIN = 300_000;

describe('shadow loop on the demo scenario', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await openRuntime({ scenario: DEMO, historyDays: 35 }, {});
  });

  async function run(fromIso: string, minutes: number) {
    const store = openStore(':memory:');
    const events: ShadowEvent[] = [];
    const start = Date.parse(fromIso);
    for (let at = start; at <= start + minutes * 60_000; at += FIVE_MIN)
      events.push(...(await shadowPoll(rt.core, store, at)));
    return { store, events };
  }

  it('opens one recommendation per episode, updates it only on material change, and resolves it', async () => {
    const { store, events } = await run('2026-03-03T20:40:00Z', 120);
    const euWest = events.filter((e) => e.recommendation.workUnit === 'eu-west-1');
    expect(euWest[0]!.type).toBe('opened');
    // The connection drop starts at 21:00 (metrics alone: watch); the anomaly API agrees from 21:05 (failover).
    expect(euWest[0]!.atMs).toBe(Date.parse('2026-03-03T21:00:00Z'));
    expect(euWest[0]!.recommendation.verdict).toBe('watch');
    const failover = euWest.find((e) => e.recommendation.verdict === 'failover');
    expect(failover?.type).toBe('updated');
    expect(failover?.atMs).toBe(Date.parse('2026-03-03T21:05:00Z'));
    expect(euWest.filter((e) => e.type === 'opened')).toHaveLength(1);
    const resolved = euWest.find((e) => e.type === 'resolved');
    expect(resolved?.atMs).toBeGreaterThanOrEqual(Date.parse('2026-03-03T22:00:00Z'));
    // Far fewer events than polls: no repeats while nothing material changes.
    expect(euWest.length).toBeLessThan(8);
    expect(store.listRecommendations({ open: true, workUnit: 'eu-west-1' })).toHaveLength(0);
    expect(store.verifyAudit().ok).toBe(true);
  });

  it('never recommends failover for other units of the demo', async () => {
    const { events } = await run('2026-03-03T20:40:00Z', 60);
    const others = events.filter(
      (e) => e.recommendation.workUnit !== 'eu-west-1' && e.recommendation.verdict === 'failover',
    );
    expect(others).toEqual([]);
  });

  it('records one observation per unit per poll', async () => {
    const { store } = await run('2026-03-03T21:00:00Z', 10);
    expect(store.listObservations({}).length).toBe(3 * 7);
  });
});
