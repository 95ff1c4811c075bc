import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../bot/app/runtime.js';
import type { CliCommand } from '../../bot/cli/command.js';
import { incidentPostmortemCommand, incidentShowCommand } from '../../bot/cli/commands/incident.js';
import { openStore } from '../../bot/store/index.js';
import { tempDbPath } from '../../bot/store/test-helpers.js';
import { createToolDeps } from '../../bot/tools-deps.js';
import { runTool } from '../../tools/registry/index.js';
import { runCli } from '../cli/run-cli.js';
import { analyseDeps, analyseIncident, DEMO, runIncidents } from './helpers.js';

const at = (iso: string) => Date.parse(iso);

async function inProcess(command: CliCommand, argv: string[]): Promise<string> {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c) => {
    text += String(c);
  });
  await command.run({ argv, stdout, stderr: new PassThrough(), env: {}, cwd: process.cwd() });
  return text;
}

describe('an incident on the demo fleet, end to end', () => {
  let rt: Runtime;
  // kept across the tests of this file (tempDbPath's folders go after each test)
  const analysed = join(mkdtempSync(join(tmpdir(), 'headroom-incidents-')), 'headroom.db');
  afterAll(() => rmSync(dirname(analysed), { recursive: true, force: true }));
  beforeAll(async () => {
    rt = await openRuntime({ scenario: DEMO, historyDays: 35 }, {});
  });

  it('opens with the failover recommendation, mitigates on a decision, resolves after 3 healthy polls, and is analysed', async () => {
    const store = openStore(analysed);
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

    // get_incident serves the same incident to Claude and MCP, evidence ids resolving within it
    const deps = createToolDeps({ core: rt.core, store, now: () => incident.resolvedAtMs! });
    const got = await runTool('get_incident', { workUnit: 'eu-west-1' }, deps);
    expect(got.ok, JSON.stringify(got).slice(0, 300)).toBe(true);
    expect(got.ok && (got.data as { incident: { state: string; postmortem: string } }).incident).toMatchObject({
      state: 'analysed',
      postmortem: analysis.markdown,
    });
    const one = await runTool('get_incident', { id: incident.id, evidenceId: 'scope:eu-west-1' }, deps);
    expect(one.ok && (one.data as { evidence: { kind: string } }).evidence.kind).toBe('scope');
    const missing = await runTool('get_incident', { id: incident.id, evidenceId: 'log:nope' }, deps);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NO_DATA' } });
    expect(await runTool('get_incident', {}, deps)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    store.close();
  });

  it('headroom incident list|show|postmortem read it from the store; an open incident says its state', async () => {
    const list = await runCli(['incident', 'list', '--db', analysed]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^1 +eu-west-1 +analysed .* network-loss \(\d+ %\)$/m);
    const show = await inProcess(incidentShowCommand, [
      '1',
      '--db',
      analysed,
      '--evidence',
      'lifecycle:opened',
      '--json',
    ]);
    expect(JSON.parse(show)).toMatchObject({ id: 'lifecycle:opened', kind: 'lifecycle' });
    expect(await inProcess(incidentPostmortemCommand, ['#1', '--db', analysed])).toMatch(
      /^# Incident #1: eu-west-1 — network \/ connection loss/,
    );
    await expect(inProcess(incidentPostmortemCommand, ['7', '--db', analysed])).rejects.toThrow(
      'no incident #7 (the newest is #1; headroom incident list shows them)',
    );
    await expect(inProcess(incidentShowCommand, ['x1', '--db', analysed])).rejects.toThrow(
      /an incident id is a positive whole number/,
    );
    const openPath = join(dirname(analysed), 'open.db');
    const s = openStore(openPath);
    const t = at('2026-03-03T21:00:00Z');
    s.incidents.open({ workUnit: 'us-east-1', trigger: 'declared', atMs: t, firstSignalMs: t, declaredBy: 'U9' });
    s.close();
    await expect(inProcess(incidentPostmortemCommand, ['1', '--db', openPath])).rejects.toThrow(
      'incident #1 is open: the postmortem is written once it resolves',
    );
  }, 60_000);

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
