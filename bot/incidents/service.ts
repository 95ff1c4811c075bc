import type { FleetConfig } from '../../tools/config/load-fleet.js';
import { loadRunbooks, type RunbookIndex } from '../../tools/runbooks/index.js';
import type { EvidenceSources } from '../../tools/sources/evidence.js';
import type { Core } from '../core/core.js';
import type { ShadowEvent } from '../shadow/shadow-loop.js';
import type { Store } from '../store/index.js';
import { type Analysis, analyseIncident } from './analyse.js';
import { type Narrator, narrateAnalysis } from './narrate.js';
import type { IncidentSettings } from './settings.js';
import { type IncidentEvent, IncidentTracker } from './tracker.js';

export type IncidentUpdate =
  | IncidentEvent
  | { type: 'analysed'; atMs: number; analysis: Analysis }
  /** Claude's investigation added to the postmortem, or why it was not (narratorFailure). */
  | { type: 'narrated'; atMs: number; analysis: Analysis };

export function incidentSettingsFrom(config: FleetConfig): IncidentSettings {
  const { resolveAfterHealthyPolls, reminderMinutes, owners } = config.incidents;
  return { resolveAfterHealthyPolls, reminderMs: reminderMinutes * 60_000, owners };
}

/**
 * The incident half of the shadow loop, composed once: the tracker after every poll, and the
 * deterministic analysis with its postmortem in the same poll that resolves an incident. With a
 * narrator (Claude), the investigation runs beside the loop, bounded (3 min), and its revised
 * postmortem comes out with the first poll after it is done; on any failure the deterministic
 * document stands. A narration a restart interrupts is not retried: that document stands too.
 */
export class IncidentService {
  readonly tracker: IncidentTracker;
  readonly settings: IncidentSettings;
  readonly runbooks: RunbookIndex;
  private readonly narrating = new Map<number, Promise<void>>();
  private narrated: Analysis[] = [];

  constructor(
    private readonly deps: {
      store: Store;
      core: Core;
      config: FleetConfig;
      evidence: EvidenceSources;
      narrator?: Narrator;
      /** Claude's narrative gets this long (default 3 min). */
      narratorTimeoutMs?: number;
      /** Already loaded (tests); else loaded from the configured folder, a clear error when missing or malformed. */
      runbooks?: RunbookIndex;
    },
  ) {
    this.settings = incidentSettingsFrom(deps.config);
    this.runbooks = deps.runbooks ?? loadRunbooks(deps.config.incidents.runbooksDir);
    this.tracker = new IncidentTracker(deps.store, this.settings);
  }

  async afterPoll(atMs: number, events: readonly ShadowEvent[]): Promise<IncidentUpdate[]> {
    const updates: IncidentUpdate[] = this.narrated.map((analysis) => ({ type: 'narrated', atMs, analysis }));
    this.narrated = [];
    updates.push(...this.tracker.afterPoll(atMs, events));
    for (const u of [...updates]) {
      if (u.type === 'resolved') updates.push(this.analysed(await this.analyse(u.incident.id, atMs), atMs));
    }
    // analyses a restart interrupted (resolved, never analysed)
    for (const pending of this.deps.store.incidents.list({ state: 'resolved' })) {
      if (updates.some((u) => u.type === 'analysed' && u.analysis.incident.id === pending.id)) continue;
      updates.push(this.analysed(await this.analyse(pending.id, atMs), atMs));
    }
    return updates;
  }

  /** Claude is still investigating this incident: its revised postmortem may follow. */
  narrationPending(incidentId: number): boolean {
    return this.narrating.has(incidentId);
  }

  /** Waits for every narration under way (a clean stop, and tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.narrating.values()]);
  }

  private analysed(analysis: Analysis, atMs: number): IncidentUpdate {
    const { narrator, store, narratorTimeoutMs } = this.deps;
    const id = analysis.incident.id;
    if (narrator && !this.narrating.has(id)) {
      const run = narrateAnalysis(
        { store, narrator, ...(narratorTimeoutMs !== undefined ? { timeoutMs: narratorTimeoutMs } : {}) },
        analysis,
        atMs,
      )
        .catch((err: unknown): Analysis => ({ ...analysis, narratorFailure: (err as Error).message }))
        .then((done) => {
          this.narrated.push(done);
          this.narrating.delete(id);
        });
      this.narrating.set(id, run);
    }
    return { type: 'analysed', atMs, analysis };
  }

  analyse(incidentId: number, atMs: number): Promise<Analysis> {
    const { store, core, evidence } = this.deps;
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
      },
      incidentId,
      atMs,
    );
  }
}
