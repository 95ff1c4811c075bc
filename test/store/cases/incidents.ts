import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../../analytics/errors.js';
import type { Evidence, Hypothesis } from '../../../analytics/incidents/types.js';
import { content, T0 } from '../../../bot/store/test-helpers.js';
import type { StoreBackend } from '../backends.js';

/** incidents cases of the store contract (test/store/store-contract.test.ts runs them on every backend). */
export function incidentCases(backend: StoreBackend): void {
  const MIN = 60_000;
  const evidence = (id: string, atMs: number, extra: Partial<Evidence> = {}): Evidence => ({
    id,
    kind: 'signal-change',
    atMs,
    source: 'store',
    workUnit: 'eu-west-1',
    summary: `entry ${id}`,
    figures: { errorRate: 0.12 },
    status: 'ok',
    ...extra,
  });

  function opened() {
    const store = backend.open();
    const rec = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
    const incident = store.incidents.open({
      workUnit: 'eu-west-1',
      trigger: 'recommendation',
      atMs: T0,
      firstSignalMs: T0 - 3 * MIN,
      recommendationId: rec.id,
    });
    return { store, rec, incident };
  }

  describe('incidents', () => {
    it('opens one active incident per unit, linked to its recommendation, and audits it', () => {
      const { store, rec, incident } = opened();
      expect(incident).toMatchObject({
        workUnit: 'eu-west-1',
        state: 'open',
        trigger: 'recommendation',
        firstSignalMs: T0 - 3 * MIN,
        openedAtMs: T0,
        recommendationIds: [rec.id],
      });
      expect(typeof incident.id).toBe('number');
      expect(store.incidents.ofRecommendation(rec.id)?.id).toBe(incident.id);
      expect(store.incidents.active('eu-west-1')?.id).toBe(incident.id);
      expect(() =>
        store.incidents.open({ workUnit: 'eu-west-1', trigger: 'declared', atMs: T0 + MIN, firstSignalMs: T0 }),
      ).toThrow(HeadroomError);
      expect(store.verifyAudit().ok).toBe(true);
      expect(store.listAudit().map((e) => e.kind)).toContain('incident.opened');
      store.close();
    });

    it('keeps evidence once per id, oldest first, with figures, facts and the untrusted mark', () => {
      const { store, incident } = opened();
      const first = store.incidents.addEvidence(incident.id, [
        evidence('sig-2', T0 + MIN),
        evidence('log-1', T0, { kind: 'log-pattern', untrusted: true, facts: { signature: 'timeout <n>' } }),
      ]);
      expect(first.map((e) => e.id)).toEqual(['sig-2', 'log-1']);
      const again = store.incidents.addEvidence(incident.id, [
        evidence('sig-2', T0 + MIN),
        evidence('sig-3', T0 + 2 * MIN),
      ]);
      expect(again.map((e) => e.id)).toEqual(['sig-3']);
      const timeline = store.incidents.evidence(incident.id);
      expect(timeline.map((e) => e.id)).toEqual(['log-1', 'sig-2', 'sig-3']);
      expect(timeline[0]).toMatchObject({ untrusted: true, facts: { signature: 'timeout <n>' }, atMs: T0 });
      expect(store.incidents.resolveEvidence(incident.id, 'sig-2')?.figures).toEqual({ errorRate: 0.12 });
      expect(store.incidents.resolveEvidence(incident.id, 'nope')).toBeUndefined();
      store.close();
    });

    it('takes a pinned note off the timeline until the analysis, audited; other evidence never', () => {
      const { store, incident } = opened();
      store.incidents.addEvidence(incident.id, [
        evidence('pin:C1:1.1', T0 + MIN, { kind: 'operator-note', untrusted: true }),
        evidence('sig-1', T0),
      ]);
      expect(store.incidents.unpinNote(incident.id, 'sig-1', { actor: 'U1', atMs: T0 + 2 * MIN })).toBe('not-pinned');
      expect(store.incidents.unpinNote(incident.id, 'pin:C1:1.1', { actor: 'U1', atMs: T0 + 2 * MIN })).toBe('removed');
      expect(store.incidents.evidence(incident.id).map((e) => e.id)).toEqual(['sig-1']);
      expect(store.incidents.unpinNote(incident.id, 'pin:C1:1.1', { actor: 'U1', atMs: T0 + 3 * MIN })).toBe(
        'not-pinned',
      );
      expect(store.listAudit().filter((e) => e.kind === 'incident.unpin')).toMatchObject([
        { actor: 'U1', payload: { incidentId: incident.id, evidenceId: 'pin:C1:1.1' } },
      ]);
      expect(store.verifyAudit().ok).toBe(true);
      expect(() => store.incidents.unpinNote(9999, 'pin:C1:1.1', { actor: 'U1', atMs: T0 })).toThrow(HeadroomError);
      store.close();
    });

    it('moves through its lifecycle, keeping the first decision time, and is analysed once resolved', () => {
      const { store, incident } = opened();
      const hypotheses: Hypothesis[] = [
        {
          cause: 'bad-deploy',
          subject: 'v2.3.1',
          confidence: 0.8,
          statement: 'errors began with it',
          evidenceIds: ['dep-1'],
        },
      ];
      expect(() =>
        store.incidents.setAnalysis(incident.id, { atMs: T0, hypotheses: [], markdown: '# x', by: 'deterministic' }),
      ).toThrow(/analysed once resolved/);
      store.incidents.updateLifecycle(incident.id, {
        atMs: T0 + MIN,
        state: 'mitigating',
        healthyStreak: 0,
        streakStartMs: null,
        decidedAtMs: T0 + MIN,
      });
      const resolved = store.incidents.updateLifecycle(incident.id, {
        atMs: T0 + 10 * MIN,
        state: 'resolved',
        healthyStreak: 3,
        streakStartMs: T0 + 7 * MIN,
        decidedAtMs: T0 + 9 * MIN,
        recoveredAtMs: T0 + 7 * MIN,
        resolvedAtMs: T0 + 10 * MIN,
      });
      expect(resolved).toMatchObject({ state: 'resolved', decidedAtMs: T0 + MIN, recoveredAtMs: T0 + 7 * MIN });
      expect(store.incidents.active('eu-west-1')).toBeUndefined();
      const analysed = store.incidents.setAnalysis(incident.id, {
        atMs: T0 + 11 * MIN,
        hypotheses,
        markdown: '# Postmortem',
        by: 'deterministic',
      });
      expect(analysed).toMatchObject({ state: 'analysed', postmortemMarkdown: '# Postmortem', hypotheses });
      expect(store.incidents.list({ state: 'analysed' }).map((i) => i.id)).toEqual([incident.id]);
      expect(store.listAudit().filter((e) => e.kind === 'incident.state')).toHaveLength(2);
      store.close();
    });

    it('finds an incident by its thread, and snoozes a unit for a window', () => {
      const { store, incident } = opened();
      store.incidents.setThread(incident.id, { channel: 'C1', ts: '1700000000.000100' });
      expect(store.incidents.ofThread('C1', '1700000000.000100')?.id).toBe(incident.id);
      const snooze = store.incidents.addSnooze({
        workUnit: 'eu-west-1',
        kind: 'maintenance',
        fromMs: T0,
        untilMs: T0 + 60 * MIN,
        reason: 'kernel upgrade',
        actor: 'U-oncall',
        createdAtMs: T0,
      });
      expect(typeof snooze.id).toBe('number');
      expect(store.incidents.activeSnooze('eu-west-1', T0 + 30 * MIN)?.id).toBe(snooze.id);
      expect(store.incidents.activeSnooze('eu-west-1', T0 + 60 * MIN)).toBeUndefined();
      expect(store.incidents.listSnoozes({ activeAtMs: T0 + MIN })).toHaveLength(1);
      expect(() => store.incidents.addSnooze({ ...snooze, fromMs: T0 + MIN, untilMs: T0 + MIN })).toThrow(
        /end after it starts/,
      );
      store.close();
    });
  });
}
