import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../../analytics/errors.js';
import type { ObservationInput } from '../../../bot/store/index.js';
import { openStore } from '../../../bot/store/index.js';
import { T0 } from '../../../bot/store/test-helpers.js';

import type { StoreBackend } from '../backends.js';

/** observations cases of the store contract (test/store/store-contract.test.ts runs them on every backend). */
export function observationCases(backend: StoreBackend): void {
  function row(workUnit: string, overrides: Partial<ObservationInput> = {}): ObservationInput {
    return {
      workUnit,
      verdict: 'healthy',
      confidence: 'high',
      load: 1200,
      safeCapacity: 2000,
      headroom: 0.4,
      signals: [{ source: 'metrics', status: 'ok', detail: 'all within thresholds', observedAtMs: T0 - 30_000 }],
      ...overrides,
    };
  }

  describe('observations', () => {
    it('records one poll in one audit entry and reads it back, NaN load as NaN', () => {
      const store = backend.open();
      store.recordObservations(T0, [row('a'), row('b', { verdict: 'unknown', confidence: 'low', load: Number.NaN })]);
      store.recordObservations(T0 + 300_000, [row('a', { headroom: 0.1 })]);
      const audit = store.listAudit();
      expect(audit.map((e) => e.kind)).toEqual(['observation.batch', 'observation.batch']);
      expect(audit[0]!.payload).toMatchObject({
        count: 2,
        verdicts: { a: 'healthy', b: 'unknown' },
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const b = store.listObservations({ workUnit: 'b' });
      expect(b).toHaveLength(1);
      expect(b[0]!.load).toBeNaN();
      expect(b[0]!.signals).toEqual(row('b').signals);
      expect(store.listObservations({ workUnit: 'a' }).map((o) => o.headroom)).toEqual([0.4, 0.1]);
      expect(store.listObservations({ sinceMs: T0 + 1 })).toHaveLength(1);
      expect(store.listObservations({ limit: 2 })).toHaveLength(2);
      store.close();
    });

    it('rejects a bad row and writes nothing of that poll', () => {
      const store = backend.open();
      const bad: Partial<ObservationInput>[] = [
        { verdict: 'fine' as never },
        { confidence: undefined as never },
        { load: '12' as never },
        { signals: 'none' as never },
        { workUnit: '' },
      ];
      for (const overrides of bad) {
        expect(() => store.recordObservations(T0, [row('ok'), row('x', overrides)])).toThrow(HeadroomError);
      }
      expect(() => store.recordObservations(-1, [row('ok')])).toThrow(/atMs/);
      expect(store.listObservations()).toEqual([]);
      expect(store.listAudit()).toEqual([]);
      store.close();
    });
  });

  describe('meta', () => {
    it('gets, sets, overwrites and persists values', () => {
      const path = backend.location();
      const store = openStore(path);
      expect(store.getMeta('weekly-report.last-run-ms')).toBeUndefined();
      store.setMeta('weekly-report.last-run-ms', String(T0));
      store.setMeta('weekly-report.last-run-ms', String(T0 + 1));
      store.close();
      const again = openStore(path);
      expect(again.getMeta('weekly-report.last-run-ms')).toBe(String(T0 + 1));
      expect(() => again.setMeta('', 'x')).toThrow(HeadroomError);
      expect(() => again.setMeta('k', 5 as never)).toThrow(/string/);
      again.close();
    });
  });
}
