import { fileURLToPath } from 'node:url';
import type { Runtime } from '../../bot/app/runtime.js';
import { type AnalyseDeps, analyseIncident } from '../../bot/incidents/analyse.js';
import { DEFAULT_INCIDENT_SETTINGS } from '../../bot/incidents/settings.js';
import { type IncidentEvent, IncidentTracker } from '../../bot/incidents/tracker.js';
import { shadowPoll } from '../../bot/shadow/shadow-loop.js';
import type { Store } from '../../bot/store/index.js';
import { loadRunbooks } from '../../tools/runbooks/index.js';
import type { EvidenceSources } from '../../tools/sources/evidence.js';

export const DEMO = fileURLToPath(new URL('../../manifests/scenarios/demo.yaml', import.meta.url));
export const RUNBOOKS = fileURLToPath(new URL('../../manifests/runbooks/', import.meta.url));
export const FIVE_MIN = 300_000;

export function analyseDeps(rt: Runtime, store: Store, evidence: EvidenceSources = {}): AnalyseDeps {
  return {
    store,
    fleet: rt.core.fleet,
    metrics: rt.core.deps.metrics,
    evidence,
    runbooks: loadRunbooks(RUNBOOKS),
    settings: DEFAULT_INCIDENT_SETTINGS,
    utilisationExhausted: rt.core.fleet.thresholds.utilisationFiring,
    connectionDropRatio: rt.core.fleet.thresholds.connectionDropRatio,
  };
}

/** Polls from `fromIso` every 5 min for `minutes`, with the tracker after each poll; `each` runs before a poll. */
export async function runIncidents(
  rt: Runtime,
  store: Store,
  fromIso: string,
  minutes: number,
  each: (atMs: number) => void = () => {},
): Promise<IncidentEvent[]> {
  const tracker = new IncidentTracker(store, DEFAULT_INCIDENT_SETTINGS);
  const events: IncidentEvent[] = [];
  const start = Date.parse(fromIso);
  for (let at = start; at <= start + minutes * 60_000; at += FIVE_MIN) {
    each(at);
    events.push(...tracker.afterPoll(at, await shadowPoll(rt.core, store, at)));
  }
  return events;
}

export { analyseIncident };
