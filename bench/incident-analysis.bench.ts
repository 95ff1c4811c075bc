// npm run bench:incidents:analysis — the deterministic analysis and postmortem of an incident with
// 500 timeline entries (goal ≤ 2 s): the demo incident on the simulated fleet (with issue 15's
// simulated logs, traces and deploys), its timeline padded with signal changes to 500 entries,
// then correlation, ranking, runbook suggestions, similar incidents, the postmortem and its
// citation check, timed end to end. One JSON line per figure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Evidence } from '../analytics/incidents/types.js';
import { openRuntime } from '../bot/app/runtime.js';
import { analyseIncident } from '../bot/incidents/analyse.js';
import { openStore } from '../bot/store/index.js';
import { analyseDeps, DEMO, runIncidents } from '../test/incidents/helpers.js';
import { emit, percentile, timeRuns } from './stats.js';

const ENTRIES = 500;
const dir = mkdtempSync(join(tmpdir(), 'headroom-bench-incident-'));
try {
  const rt = await openRuntime({ scenario: DEMO, historyDays: 35 }, {});
  const store = openStore(join(dir, 'headroom.db'));
  await runIncidents(rt, store, '2026-03-03T20:40:00Z', 100);
  const incident = store.incidents.list()[0];
  if (!incident || incident.state !== 'resolved')
    throw new Error(`the demo incident did not resolve (${incident?.state})`);
  const have = store.incidents.evidence(incident.id).length;
  const pad: Evidence[] = [];
  for (let i = 0; have + pad.length < ENTRIES; i++)
    pad.push({
      id: `bench:signal:${i}`,
      kind: 'signal-change',
      atMs: incident.firstSignalMs + (i % 60) * 60_000,
      source: ['metrics', 'edge-agent', 'anomaly-api', 'alertmanager'][i % 4]!,
      workUnit: incident.workUnit,
      summary: `signal ${i % 4} changed to ${i % 2 ? 'firing' : 'ok'} (${(i % 97) + 1} %)`,
      figures: { value: (i % 97) + 1 },
      facts: { status: i % 2 ? 'firing' : 'ok' },
      status: 'ok',
    });
  store.incidents.addEvidence(incident.id, pad);
  const deps = analyseDeps(rt, store, rt.evidence);
  const at = incident.resolvedAtMs!;
  const samples = await timeRuns(() => analyseIncident(deps, incident.id, at), 5, 1);
  const entries = store.incidents.evidence(incident.id).length;
  for (const [stat, p] of [
    ['p50', 0.5],
    ['max', 1],
  ] as const)
    emit({
      bench: 'incident.analysis',
      value: Math.round(percentile(samples, p)),
      unit: 'ms',
      stat,
      entries,
      goalMs: 2000,
    });
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
