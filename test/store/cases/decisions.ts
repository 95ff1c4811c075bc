import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../../analytics/errors.js';
import type { DecisionInput } from '../../../bot/store/index.js';
import { content, T0 } from '../../../bot/store/test-helpers.js';

import type { StoreBackend } from '../backends.js';

/** decisions cases of the store contract (test/store/store-contract.test.ts runs them on every backend). */
export function decisionCases(backend: StoreBackend): void {
  const MIN = 60_000;

  function setup() {
    const store = backend.open();
    const rec = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
    const decide = (overrides: Partial<DecisionInput>) =>
      store.recordDecision({
        recommendationId: rec.id,
        userId: 'U-oncall',
        atMs: T0 + MIN,
        kind: 'follow',
        content: {},
        followedRecommendation: true,
        ...overrides,
      });
    return { store, rec, decide };
  }

  describe('decisions and agreement', () => {
    it('a double click is one decision; a change of mind counts as the latest', () => {
      const { store, decide } = setup();
      decide({ atMs: T0 + MIN });
      decide({ atMs: T0 + MIN + 500 });
      expect(store.agreement()).toEqual({ decisions: 1, followed: 1, rate: 1 });
      decide({ atMs: T0 + 2 * MIN, kind: 'not-an-incident', followedRecommendation: false });
      expect(store.agreement()).toEqual({ decisions: 1, followed: 0, rate: 0 });
      store.close();
    });

    it('has no agreement rate without decisions', () => {
      const { store } = setup();
      expect(store.agreement()).toEqual({ decisions: 0, followed: 0, rate: null });
      store.close();
    });

    it('records decisions with an audit entry by the deciding user, and measures agreement', () => {
      const { store, rec, decide } = setup();
      const d1 = decide({ atMs: T0 + MIN });
      decide({
        atMs: T0 + 2 * MIN,
        kind: 'override',
        userId: 'U-ic',
        content: { split: { 'us-east-1': 1 } },
        followedRecommendation: false,
      });
      decide({ atMs: T0 + 3 * MIN, kind: 'not-an-incident', followedRecommendation: false });
      decide({ atMs: T0 + 4 * MIN });

      expect(d1).toMatchObject({
        id: expect.any(Number),
        recommendationId: rec.id,
        kind: 'follow',
        followedRecommendation: true,
      });
      // each person's latest decision counts once: U-oncall ends on follow, U-ic overrode
      expect(store.agreement()).toEqual({ decisions: 2, followed: 1, rate: 0.5 });
      expect(store.agreement({ sinceMs: T0 + 2 * MIN })).toEqual({ decisions: 2, followed: 1, rate: 0.5 });
      expect(store.listDecisions({})).toHaveLength(4); // every click is still recorded and audited
      expect(store.agreement({ sinceMs: T0 + 10 * MIN }).rate).toBeNull();

      const override = store.listAudit().find((e) => e.kind === 'decision.recorded' && e.actor === 'U-ic');
      expect(override?.payload).toMatchObject({
        kind: 'override',
        content: { split: { 'us-east-1': 1 } },
        followedRecommendation: false,
      });
      store.close();
    });

    it('lists decisions newest first, by recommendation and time, with a limit', () => {
      const { store, rec, decide } = setup();
      const other = store.openRecommendation({ workUnit: 'us-east-1', ...content(T0) });
      decide({ atMs: T0 + MIN });
      decide({ atMs: T0 + 2 * MIN, recommendationId: other.id });
      decide({ atMs: T0 + 3 * MIN, content: { note: 'agreed' } });
      const times = (opts: Parameters<typeof store.listDecisions>[0]) =>
        store.listDecisions(opts).map((d) => d.atMs - T0);
      expect(times({})).toEqual([3 * MIN, 2 * MIN, MIN]);
      expect(times({ recommendationId: rec.id })).toEqual([3 * MIN, MIN]);
      expect(times({ sinceMs: T0 + 2 * MIN })).toEqual([3 * MIN, 2 * MIN]);
      expect(times({ limit: 1 })).toEqual([3 * MIN]);
      expect(store.listDecisions({ limit: 1 })[0]!.content).toEqual({ note: 'agreed' });
      store.close();
    });

    it('rejects bad decisions without recording anything', () => {
      const { store, decide } = setup();
      const bad: Partial<DecisionInput>[] = [
        { recommendationId: 404 },
        { userId: '' },
        { kind: 'maybe' as never },
        { content: null as never },
        { content: [1] as never },
        { followedRecommendation: 'yes' as never },
        { atMs: Number.NaN },
      ];
      for (const overrides of bad) expect(() => decide(overrides), JSON.stringify(overrides)).toThrow(HeadroomError);
      expect(store.agreement().decisions).toBe(0);
      expect(store.listAudit().map((e) => e.kind)).toEqual(['recommendation.opened']);
      store.close();
    });
  });
}
