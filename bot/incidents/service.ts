import type { FleetConfig } from '../../tools/config/load-fleet.js';
import { loadRunbooks, type RunbookIndex } from '../../tools/runbooks/index.js';
import type { EvidenceSources } from '../../tools/sources/evidence.js';
import type { Core } from '../core/core.js';
import type { ShadowEvent } from '../shadow/shadow-loop.js';
import type { Store } from '../store/index.js';
import { type Analysis, analyseIncident, type Narrator } from './analyse.js';
import type { IncidentSettings } from './settings.js';
import { type IncidentEvent, IncidentTracker } from './tracker.js';

export type IncidentUpdate = IncidentEvent | { type: 'analysed'; atMs: number; analysis: Analysis };

export function incidentSettingsFrom(config: FleetConfig): IncidentSettings {
  const { resolveAfterHealthyPolls, reminderMinutes, owners } = config.incidents;
  return { resolveAfterHealthyPolls, reminderMs: reminderMinutes * 60_000, owners };
}

/**
 * The incident half of the shadow loop, composed once: the tracker after every poll, and the
 * analysis with its postmortem in the same poll that resolves an incident (deterministic: within
 * the poll; with Claude: bounded, falling back to the deterministic document).
 */
export class IncidentService {
  readonly tracker: IncidentTracker;
  readonly settings: IncidentSettings;
  readonly runbooks: RunbookIndex;

  constructor(
    private readonly deps: {
      store: Store;
      core: Core;
      config: FleetConfig;
      evidence: EvidenceSources;
      narrator?: Narrator;
      /** Already loaded (tests); else loaded from the configured folder, a clear error when missing or malformed. */
      runbooks?: RunbookIndex;
    },
  ) {
    this.settings = incidentSettingsFrom(deps.config);
    this.runbooks = deps.runbooks ?? loadRunbooks(deps.config.incidents.runbooksDir);
    this.tracker = new IncidentTracker(deps.store, this.settings);
  }

  async afterPoll(atMs: number, events: readonly ShadowEvent[]): Promise<IncidentUpdate[]> {
    const updates: IncidentUpdate[] = this.tracker.afterPoll(atMs, events);
    for (const u of [...updates]) {
      if (u.type === 'resolved')
        updates.push({ type: 'analysed', atMs, analysis: await this.analyse(u.incident.id, atMs) });
    }
    // analyses a restart interrupted (resolved, never analysed)
    for (const pending of this.deps.store.incidents.list({ state: 'resolved' })) {
      if (updates.some((u) => u.type === 'analysed' && u.analysis.incident.id === pending.id)) continue;
      updates.push({ type: 'analysed', atMs, analysis: await this.analyse(pending.id, atMs) });
    }
    return updates;
  }

  analyse(incidentId: number, atMs: number): Promise<Analysis> {
    const { store, core, evidence, narrator } = this.deps;
    return analyseIncident(
      {
        store,
        fleet: core.fleet,
        metrics: core.deps.metrics,
        evidence,
        runbooks: this.runbooks,
        settings: this.settings,
        utilisationExhausted: core.fleet.thresholds.utilisationFiring,
        connectionDropRatio: core.fleet.thresholds.connectionDropRatio,
        ...(narrator ? { narrator } : {}),
      },
      incidentId,
      atMs,
    );
  }
}
