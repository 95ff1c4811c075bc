import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../../bot/app/runtime.js';
import { evaluateFleet } from '../../../bot/core/evaluate.js';
import { openPrecomputedStore } from '../../../bot/precomputed/sqlite-store.js';
import { DEMO } from '../../cli/run-cli.js';
import type { StoreBackend } from '../backends.js';

/** Pre-computed analytics (issue 14's tables) of the store contract: written once, read by the next process. */
export function precomputedCases(backend: StoreBackend): void {
  describe('pre-computed analytics', () => {
    it('a learned set and its forecasts are stored, and a second runtime answers from them', async () => {
      const open = () => openRuntime({ scenario: DEMO, historyDays: 14, analyticsStore: backend.location() }, {});
      const first = await open();
      const status1 = await evaluateFleet(first.core, first.atMs);
      expect(first.core.analyticsAge(first.atMs)?.source).toBe('computed');
      first.close();
      const second = await open();
      const status2 = await evaluateFleet(second.core, second.atMs);
      expect(second.core.analyticsAge(second.atMs)?.source).toBe('store');
      expect(status2.workUnits.map((u) => u.safeCapacity)).toEqual(status1.workUnits.map((u) => u.safeCapacity));
      second.close();
      const store = openPrecomputedStore(backend.location());
      expect(store.list()).toHaveLength(1);
      expect(store.skipped).toEqual([]);
      store.close();
    }, 120_000);
  });
}
