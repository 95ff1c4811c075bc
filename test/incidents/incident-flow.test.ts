import { beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../bot/app/runtime.js';
import { openStore } from '../../bot/store/index.js';
import { tempDbPath } from '../../bot/store/test-helpers.js';
import { analyseDeps, analyseIncident, DEMO, runIncidents } from './helpers.js';

const at = (iso: string) => Date.parse(iso);

describe('an incident on the demo fleet, end to end', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await openRuntime({ scenario: DEMO, historyDays: 35 }, {});
  });

  it('opens with the failover recommendation, mitigates on a decision, resolves after 3 healthy polls, and is analysed', async () => {
    const store = openStore(':memory:');
    const events = await runIncidents(rt, store, '2026-03-03T20:40:00Z', 120, (atMs) => {
      if (atMs === at('2026-03-03T21:15:00Z')) {
        const rec = store.getOpenRecommendation('eu-west-1')!;
        store.recordDecision({
          recommendationId: rec.id,
          userId: 'U1',
          atMs: at('2026-03-03T21:12:00Z'),
          kind: 'follow',
          content: {},
          followedRecommendation: true,
        });
      }
    });
    expect(events.map((e) => [e.type, new Date(e.atMs).toISOString().slice(11, 16)])).toEqual([
      ['opened', '21:05'],
      ['mitigating', '21:15'],
      ['resolved', expect.any(String)],
    ]);
    const incident = store.incidents.list()[0]!;
    expect(incident).toMatchObject({
      workUnit: 'eu-west-1',
      trigger: 'recommendation',
      state: 'resolved',
      firstSignalMs: at('2026-03-03T21:00:00Z'),
      openedAtMs: at('2026-03-03T21:05:00Z'),
      decidedAtMs: at('2026-03-03T21:12:00Z'),
    });
    // resolved = three healthy polls in a row after the fault ends at 22:00
    expect(incident.resolvedAtMs! - incident.recoveredAtMs!).toBe(2 * 300_000);
    expect(incident.recoveredAtMs).toBeGreaterThanOrEqual(at('2026-03-03T22:00:00Z'));

    const analysis = await analyseIncident(analyseDeps(rt, store), incident.id, incident.resolvedAtMs!);
    expect(analysis.incident.state).toBe('analysed');
    expect(analysis.hypotheses[0]).toMatchObject({ cause: 'network-loss' });
    expect(analysis.removed).toEqual([]);
    // every citation in the document resolves to stored evidence
    const cited = [...analysis.markdown.matchAll(/`\[([^\]]+)\]`/g)].map((m) => m[1]!);
    expect(cited.length).toBeGreaterThan(10);
    for (const id of cited) expect(store.incidents.resolveEvidence(incident.id, id), id).toBeDefined();
    expect(analysis.markdown).toContain('## Root cause');
    expect(analysis.markdown).toContain('Connection loss on a work unit');
    // logs, traces and deploys not configured: unknown, never absent
    expect(analysis.markdown).toMatch(/Not known: deploys unknown: no deploy feed source is configured/);
    expect(store.listAudit({}).map((a) => a.kind)).toEqual(
      expect.arrayContaining(['incident.opened', 'incident.state', 'incident.analysed']),
    );
    expect(store.verifyAudit().ok).toBe(true);
  });

  it('a restart mid-incident loses nothing: the incident and its timeline continue', async () => {
    const path = tempDbPath();
    const first = openStore(path);
    await runIncidents(rt, first, '2026-03-03T20:40:00Z', 40);
    const before = first.incidents.list()[0]!;
    expect(before.remindedAtMs).toBe(at('2026-03-03T21:15:00Z')); // nobody decided within 10 min
    const timelineBefore = first.incidents.evidence(before.id).map((e) => e.id);
    first.close();

    const second = openStore(path);
    const events = await runIncidents(rt, second, '2026-03-03T21:25:00Z', 80);
    expect(events.map((e) => e.type)).toEqual(['resolved']);
    const after = second.incidents.get(before.id)!;
    expect(after.state).toBe('resolved');
    expect(second.incidents.list()).toHaveLength(1);
    const timelineAfter = second.incidents.evidence(before.id).map((e) => e.id);
    expect(timelineAfter).toEqual(expect.arrayContaining(timelineBefore));
    expect(timelineAfter.length).toBeGreaterThan(timelineBefore.length);
    second.close();
  });
});
