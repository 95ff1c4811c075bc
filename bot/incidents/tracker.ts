import { afterDecision, afterPoll, type Transition } from '../../analytics/incidents/lifecycle.js';
import type { Evidence, IncidentTrigger } from '../../analytics/incidents/types.js';
import type { ShadowEvent } from '../shadow/shadow-loop.js';
import type { IncidentRecord, ObservationRecord, Snooze, Store } from '../store/index.js';
import type { IncidentSettings } from './settings.js';
import { decisionEvidence, lifecycleEvidence, recommendationEvidence, signalChanges } from './timeline.js';

export type IncidentEventType = 'opened' | 'mitigating' | 'relapsed' | 'resolved' | 'reminder';

export interface IncidentEvent {
  type: IncidentEventType;
  atMs: number;
  incident: IncidentRecord;
  /** Set while the unit is snoozed or in maintenance: the event is recorded, its post held back. */
  heldBy?: Snooze;
}

/** How far back the first signal of an episode is looked for. */
const ONSET_LOOKBACK_MS = 3 * 3_600_000;

/**
 * Runs incidents alongside the shadow loop: opens one when a failover recommendation opens (or a
 * critical alert fires, or an operator declares one), links later recommendations of the same
 * episode, records the timeline, moves it to mitigating on the first decision and to resolved
 * after N healthy polls in a row. Everything is in the store, so a restart continues where it was.
 */
export class IncidentTracker {
  constructor(
    private readonly store: Store,
    private readonly settings: IncidentSettings,
  ) {}

  /** After a shadow poll at atMs with its events. */
  afterPoll(atMs: number, events: readonly ShadowEvent[]): IncidentEvent[] {
    const out: IncidentEvent[] = [];
    for (const e of events) {
      if (e.type === 'resolved') continue;
      const rec = e.recommendation;
      let incident = this.store.incidents.active(rec.workUnit) ?? this.store.incidents.ofRecommendation(rec.id);
      if (!incident && (rec.verdict === 'failover' || criticalAlert(e))) {
        incident = this.open(rec.workUnit, rec.verdict === 'failover' ? 'recommendation' : 'critical-alert', atMs, {
          recommendationId: rec.id,
        });
        out.push(this.event('opened', atMs, incident));
      }
      if (!incident) continue;
      this.store.incidents.linkRecommendation(incident.id, rec.id);
      const revisions = this.store.listRecommendationRevisions(rec.id);
      this.store.incidents.addEvidence(
        incident.id,
        revisions.map((r) => recommendationEvidence(rec.workUnit, r)),
      );
    }
    for (const incident of this.store.incidents
      .list({ state: 'open' })
      .concat(this.store.incidents.list({ state: 'mitigating' }))) {
      out.push(...this.followUp(incident.id, atMs));
    }
    return out;
  }

  /** An operator declares an incident (button on a post, or /failover); an active one is returned as it is. */
  declare(
    workUnit: string,
    userId: string,
    atMs: number,
    recommendationId?: number,
  ): { incident: IncidentRecord; created: boolean } {
    const active = this.store.incidents.active(workUnit);
    if (active) return { incident: active, created: false };
    return {
      incident: this.open(workUnit, 'declared', atMs, {
        declaredBy: userId,
        ...(recommendationId ? { recommendationId } : {}),
      }),
      created: true,
    };
  }

  /** A thread message an operator marked (:pushpin:): untrusted text, already redacted and neutralised by the caller. */
  pin(incidentId: number, note: { channel: string; ts: string; user: string; text: string; atMs: number }): Evidence {
    const evidence: Evidence = {
      id: pinEvidenceId(note.channel, note.ts),
      kind: 'operator-note',
      atMs: note.atMs,
      source: 'slack thread',
      summary: `<@${note.user}> noted: ${note.text}`,
      figures: {},
      facts: { user: note.user },
      status: 'ok',
      untrusted: true,
    };
    this.store.incidents.addEvidence(incidentId, [evidence]);
    return evidence;
  }

  /** Records a snooze or maintenance window; it is audited and goes on the timeline of the unit's active incident. */
  snooze(input: Omit<Snooze, 'id'>): Snooze {
    const snooze = this.store.incidents.addSnooze(input);
    const active = this.store.incidents.active(input.workUnit);
    if (active)
      this.store.incidents.addEvidence(active.id, [
        {
          id: `snooze:${snooze.id}`,
          kind: 'snooze',
          atMs: snooze.createdAtMs,
          source: 'operator',
          workUnit: snooze.workUnit,
          summary: `<@${snooze.actor}> put ${snooze.workUnit} in ${snooze.kind} until ${new Date(snooze.untilMs).toISOString()}: ${snooze.reason}`,
          figures: { minutes: Math.round((snooze.untilMs - snooze.fromMs) / 60_000) },
          status: 'ok',
          untrusted: true,
        },
      ]);
    return snooze;
  }

  private open(
    workUnit: string,
    trigger: IncidentTrigger,
    atMs: number,
    extra: { recommendationId?: number; declaredBy?: string },
  ): IncidentRecord {
    const history = this.store
      .listObservations({ workUnit, sinceMs: Math.max(0, atMs - ONSET_LOOKBACK_MS) })
      .filter((o) => o.atMs <= atMs);
    const onset = firstSignalOfEpisode(history);
    const incident = this.store.incidents.open({
      workUnit,
      trigger,
      atMs,
      firstSignalMs: onset?.atMs ?? atMs,
      ...extra,
    });
    const episode = onset ? history.slice(history.indexOf(onset)) : [];
    const previous = onset ? history[history.indexOf(onset) - 1] : undefined;
    this.store.incidents.addEvidence(incident.id, [
      ...signalChanges(episode, previous),
      lifecycleEvidence(
        workUnit,
        'opened',
        atMs,
        `incident #${incident.id} opened (${trigger}${extra.declaredBy ? ` by <@${extra.declaredBy}>` : ''})`,
        {
          minutesSinceFirstSignal: Math.round((atMs - incident.firstSignalMs) / 6_000) / 10,
        },
      ),
    ]);
    return incident;
  }

  private followUp(incidentId: number, atMs: number): IncidentEvent[] {
    const out: IncidentEvent[] = [];
    let incident = this.store.incidents.get(incidentId)!;
    const lastFollowUpMs = Math.min(incident.updatedAtMs, atMs);
    // decisions on any linked recommendation, in time order
    const decisions = incident.recommendationIds
      .flatMap((id) => this.store.listDecisions({ recommendationId: id }))
      .sort((a, b) => a.atMs - b.atMs || a.id - b.id);
    if (decisions.length) {
      this.store.incidents.addEvidence(
        incident.id,
        decisions.map((d) => decisionEvidence(incident.workUnit, d)),
      );
      const { state, transition } = afterDecision(incident.state);
      if (transition) {
        incident = this.store.incidents.updateLifecycle(
          incident.id,
          {
            atMs,
            state,
            healthyStreak: incident.healthyStreak,
            streakStartMs: incident.streakStartMs,
            decidedAtMs: decisions[0]!.atMs,
          },
          decisions[0]!.userId,
        );
        this.store.incidents.addEvidence(incident.id, [
          lifecycleEvidence(
            incident.workUnit,
            'mitigating',
            decisions[0]!.atMs,
            `incident #${incident.id} mitigating: <@${decisions[0]!.userId}> decided ${decisions[0]!.kind}`,
          ),
        ]);
        out.push(this.event('mitigating', atMs, incident));
      }
    }
    // observations since the last follow-up (inclusive): the previous poll's and this one's
    const recent = this.store.listObservations({ workUnit: incident.workUnit, sinceMs: lastFollowUpMs });
    const latest = recent.at(-1);
    const previous = recent.at(-2);
    if (!latest || latest.atMs !== atMs) return out;
    this.store.incidents.addEvidence(incident.id, signalChanges([latest], previous));
    const { next, transition } = afterPoll(
      incident,
      { atMs, healthy: latest.verdict === 'healthy' },
      this.settings.resolveAfterHealthyPolls,
    );
    incident = this.store.incidents.updateLifecycle(incident.id, {
      atMs,
      state: next.state,
      healthyStreak: next.healthyStreak,
      streakStartMs: next.streakStartMs,
      ...(transition === 'resolved' ? { recoveredAtMs: next.streakStartMs ?? atMs, resolvedAtMs: atMs } : {}),
    });
    out.push(...this.noteTransition(incident, transition, atMs));
    if (
      incident.state === 'open' &&
      incident.remindedAtMs === null &&
      atMs - incident.openedAtMs >= this.settings.reminderMs
    ) {
      this.store.incidents.markReminded(incident.id, atMs);
      out.push(this.event('reminder', atMs, this.store.incidents.get(incident.id)!));
    }
    return out;
  }

  private noteTransition(incident: IncidentRecord, transition: Transition, atMs: number): IncidentEvent[] {
    if (transition === 'relapsed') {
      this.store.incidents.addEvidence(incident.id, [
        {
          ...lifecycleEvidence(
            incident.workUnit,
            'relapsed',
            atMs,
            `${incident.workUnit} unhealthy again before ${this.settings.resolveAfterHealthyPolls} healthy polls in a row`,
          ),
          id: `lifecycle:relapsed@${atMs}`,
        },
      ]);
      return [this.event('relapsed', atMs, incident)];
    }
    if (transition === 'resolved') {
      const recovered = incident.recoveredAtMs ?? atMs;
      this.store.incidents.addEvidence(incident.id, [
        lifecycleEvidence(
          incident.workUnit,
          'recovered',
          recovered,
          `${incident.workUnit} healthy again (first of ${this.settings.resolveAfterHealthyPolls} healthy polls in a row)`,
        ),
        lifecycleEvidence(
          incident.workUnit,
          'resolved',
          atMs,
          `incident #${incident.id} resolved after ${this.settings.resolveAfterHealthyPolls} healthy polls in a row`,
          {
            healthyPolls: this.settings.resolveAfterHealthyPolls,
            minutesFirstSignalToRecovery: Math.round((recovered - incident.firstSignalMs) / 6_000) / 10,
          },
        ),
      ]);
      return [this.event('resolved', atMs, incident)];
    }
    return [];
  }

  private event(type: IncidentEventType, atMs: number, incident: IncidentRecord): IncidentEvent {
    const heldBy = this.store.incidents.activeSnooze(incident.workUnit, atMs);
    return { type, atMs, incident, ...(heldBy ? { heldBy } : {}) };
  }
}

/** The first observation of the unit's current episode: after the last one where every signal was ok. */
export function firstSignalOfEpisode(oldestFirst: readonly ObservationRecord[]): ObservationRecord | undefined {
  let first: ObservationRecord | undefined;
  for (let i = oldestFirst.length - 1; i >= 0; i--) {
    const o = oldestFirst[i]!;
    if (o.verdict === 'healthy' && o.signals.every((s) => s.status === 'ok')) break;
    first = o;
  }
  return first;
}

function criticalAlert(e: ShadowEvent): boolean {
  return (e.report?.signals ?? []).some(
    (s) => s.source === 'alertmanager' && s.status === 'firing' && /critical/i.test(s.detail),
  );
}

/** The stable evidence id of a thread message an operator pinned. */
export function pinEvidenceId(channel: string, ts: string): string {
  return `pin:${channel}:${ts}`;
}
