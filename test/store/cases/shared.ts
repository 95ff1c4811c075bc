import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../../analytics/errors.js';
import { openStore } from '../../../bot/store/index.js';
import { content, T0 } from '../../../bot/store/test-helpers.js';

import type { StoreBackend } from '../backends.js';

/** shared cases of the store contract (test/store/store-contract.test.ts runs them on every backend). */
export function sharedStoreCases(backend: StoreBackend): void {
  // Replicated bots share one database file: two Store instances stand in for two processes.
  describe('two stores on one file', () => {
    it('keep one open recommendation per unit and one unbroken audit chain', () => {
      const path = backend.location();
      const a = openStore(path);
      const b = openStore(path);
      const rec = a.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
      expect(() => b.openRecommendation({ workUnit: 'eu-west-1', ...content(T0 + 1) })).toThrow(HeadroomError);
      for (let i = 0; i < 10; i++) {
        const writer = i % 2 === 0 ? a : b;
        writer.appendAudit({ atMs: T0 + i, kind: 'access.refused', actor: `U${i}`, payload: { i } });
      }
      b.recordDecision({
        recommendationId: rec.id,
        userId: 'U1',
        atMs: T0 + 20,
        kind: 'follow',
        content: {},
        followedRecommendation: true,
      });
      expect(a.agreement().decisions).toBe(1);
      expect(a.verifyAudit()).toEqual({ ok: true, count: 12 });
      expect(b.listAudit().map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      a.close();
      b.close();
    });
  });
}
