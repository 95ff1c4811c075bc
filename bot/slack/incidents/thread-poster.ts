import type { Logger } from 'pino';
import type { Evidence } from '../../../analytics/incidents/types.js';
import type { IncidentSettings } from '../../incidents/settings.js';
import type { IncidentRecord, MessageRef, Snooze, Store } from '../../store/index.js';
import {
  declaredRootMessage,
  incidentAnalysisMessage,
  incidentMitigatingMessage,
  incidentOpenedMessage,
  incidentReminderMessage,
  incidentResolvedMessage,
  postmortemFallbackMessage,
  snoozeMessage,
  timelineHighlightsMessage,
} from '../blocks/incident.js';
import { type MessageContent, type SlackOut, slackErrorCode } from '../out.js';

/** Timeline entries worth a reply as they come (correlation findings go in the analysis instead). */
const HIGHLIGHT_KINDS = new Set<Evidence['kind']>([
  'signal-change',
  'decision',
  'deploy',
  'log-pattern',
  'trace',
  'operator-note',
  'snooze',
]);

/** A declared incident that ended longer ago than this gets no thread of its own any more. */
const DECLARED_BACKLOG_MS = 24 * 3_600_000;

/** What was already said in an incident's thread: kept in the store, so a restart never says it twice. */
const postedKey = (incidentId: number) => `incident-thread-posts:${incidentId}`;

/**
 * The incident's replies in its recommendation's thread, derived from the stored incident every
 * time (never from a poll's events): opened (owner @-mentioned, links), timeline highlights,
 * mitigating, the reminder, resolved with the times to detect/decide/recover, the hypotheses with
 * their evidence ids and runbook suggestions, and the postmortem as a Markdown file. Each reply
 * has a key recorded in the store after Slack accepted it, so what a failed post, a failed poll or
 * a restart interrupted is posted later, and nothing is posted twice. While the unit is snoozed or
 * in a maintenance window the replies are held back (everything is still recorded) and follow
 * once the window ends.
 */
export class IncidentThreadPoster {
  private chain = Promise.resolve();

  constructor(
    private readonly deps: {
      store: Store;
      out: SlackOut;
      channel: string;
      settings: IncidentSettings;
      log: Logger;
      /** Claude is still writing this incident's investigation: its revised postmortem is yet to come. */
      narrationPending?: (incidentId: number) => boolean;
    },
  ) {}

  /** Brings every recent incident's thread up to date; serialised (polls and buttons share it). */
  sync(atMs: number): Promise<void> {
    const next = this.chain.then(() => this.syncAll(atMs));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * A snooze is said when it is set (the held-back replies would not show it): in the unit's
   * incident thread, else the recommendation's, else the channel. Its timeline entry counts as said.
   */
  announceSnooze(snooze: Snooze, recommendationRef: MessageRef | null): Promise<void> {
    const next = this.chain.then(async () => {
      const active = this.deps.store.incidents.active(snooze.workUnit);
      const thread = active?.thread ?? recommendationRef;
      try {
        await this.deps.out.postMessage(thread?.channel ?? this.deps.channel, snoozeMessage(snooze), thread?.ts);
      } catch (err) {
        this.deps.log.warn({ snooze: snooze.id, err: slackErrorCode(err) }, 'snooze notice failed');
        return;
      }
      if (active) this.markPosted(active.id, this.posted(active.id), [`ev:snooze:${snooze.id}`]);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async syncAll(atMs: number): Promise<void> {
    const { store } = this.deps;
    const recent = store.incidents.list({ limit: 50 });
    for (const incident of recent) {
      if (this.done(incident)) continue;
      try {
        await this.syncOne(incident, atMs);
      } catch (err) {
        this.deps.log.warn(
          { incident: incident.id, err: slackErrorCode(err) },
          'incident thread post failed; will retry',
        );
      }
    }
  }

  /** Analysed, its postmortem said, and no investigation of Claude's still to come or unsaid. */
  private done(incident: IncidentRecord): boolean {
    if (incident.state !== 'analysed') return false;
    const posted = this.posted(incident.id);
    if (!posted.has('postmortem')) return false;
    if (narratedBy(incident)) return posted.has('postmortem-revised');
    return !this.deps.narrationPending?.(incident.id);
  }

  private async syncOne(start: IncidentRecord, atMs: number): Promise<void> {
    const { store } = this.deps;
    if (store.incidents.activeSnooze(start.workUnit, atMs)) return; // held back, still recorded
    const thread = start.thread ?? (await this.threadFor(start, atMs));
    if (!thread) return; // the recommendation's message is not posted yet: next time
    const incident = store.incidents.get(start.id)!;
    const posted = this.posted(incident.id);
    const owner = this.deps.settings.owners[incident.workUnit];
    const timeline = store.incidents.evidence(incident.id);
    const say = async (key: string, content: MessageContent, keys: string[] = []) => {
      if (posted.has(key)) return;
      await this.deps.out.postMessage(thread.channel, content, thread.ts);
      this.markPosted(incident.id, posted, [key, ...keys]);
    };

    const notable = timeline.filter((e) => HIGHLIGHT_KINDS.has(e.kind));
    if (!posted.has('opened')) {
      const sofar = notable.filter((e) => e.atMs <= incident.openedAtMs);
      await say('opened', incidentOpenedMessage(incident, sofar, owner), sofar.map(evidenceKey));
    }
    const fresh = notable.filter((e) => !posted.has(evidenceKey(e)));
    if (fresh.length)
      await say(evidenceKey(fresh[0]!), timelineHighlightsMessage(incident, fresh), fresh.map(evidenceKey));
    if (incident.decidedAtMs !== null) await say('mitigating', incidentMitigatingMessage(incident));
    // a reminder still matters only while nobody decided and the incident is open (not after a held-back window)
    if (incident.remindedAtMs !== null && incident.state === 'open')
      await say('reminder', incidentReminderMessage(incident, owner));
    if (incident.resolvedAtMs !== null) await say('resolved', incidentResolvedMessage(incident));
    if (incident.state !== 'analysed') return;
    const runbooks = timeline.filter((e) => e.kind === 'runbook');
    await say('analysis', incidentAnalysisMessage(incident, runbooks));
    if (!incident.postmortemMarkdown) return;
    if (!posted.has('postmortem')) {
      await this.postPostmortem(incident, thread, incident.postmortemMarkdown, 'first');
      // a narrative that came before the first post is in it: no revision to post after
      this.markPosted(
        incident.id,
        posted,
        narratedBy(incident) ? ['postmortem', 'postmortem-revised'] : ['postmortem'],
      );
    } else if (narratedBy(incident) && !posted.has('postmortem-revised')) {
      await this.postPostmortem(incident, thread, incident.postmortemMarkdown, 'revised');
      this.markPosted(incident.id, posted, ['postmortem-revised']);
    }
  }

  /** The Markdown as a file in the thread; on any upload failure the text as a reply instead. */
  private async postPostmortem(
    incident: IncidentRecord,
    thread: MessageRef,
    markdown: string,
    edition: 'first' | 'revised',
  ): Promise<void> {
    const by = narratedBy(incident);
    const comment =
      edition === 'revised'
        ? `:memo: Postmortem of incident #${incident.id}, revised with ${by}'s investigation (its claims checked against the evidence ids).`
        : `:memo: Postmortem of incident #${incident.id} (blameless; every claim cites its evidence id).`;
    try {
      await this.deps.out.uploadText({
        channel: thread.channel,
        threadTs: thread.ts,
        filename: `postmortem-incident-${incident.id}${edition === 'revised' ? '-revised' : ''}.md`,
        title: `Postmortem: incident #${incident.id} on ${incident.workUnit}${edition === 'revised' ? ' (revised)' : ''}`,
        content: markdown,
        comment,
      });
    } catch (err) {
      this.deps.log.warn(
        { incident: incident.id, err: slackErrorCode(err) },
        'postmortem upload failed; posted as text',
      );
      await this.deps.out.postMessage(thread.channel, postmortemFallbackMessage(incident, markdown), thread.ts);
    }
  }

  /** The recommendation's message (the first linked one posted), else a top-level post for a declared incident. */
  private async threadFor(incident: IncidentRecord, atMs: number): Promise<MessageRef | null> {
    const { store } = this.deps;
    for (const id of incident.recommendationIds) {
      const ref = store.getRecommendation(id)?.messageRef;
      if (ref) {
        store.incidents.setThread(incident.id, ref);
        return ref;
      }
    }
    if (incident.trigger !== 'declared' || incident.recommendationIds.length) return null;
    // not for old incidents (e.g. declared on the console before Slack was set up): no backlog of posts
    const endedMs = incident.resolvedAtMs;
    if (endedMs !== null && atMs - endedMs > DECLARED_BACKLOG_MS) return null;
    const ref = await this.deps.out.postMessage(this.deps.channel, declaredRootMessage(incident));
    store.incidents.setThread(incident.id, ref);
    return ref;
  }

  private posted(incidentId: number): Set<string> {
    const raw = this.deps.store.getMeta(postedKey(incidentId));
    return new Set(raw ? (JSON.parse(raw) as string[]) : []);
  }

  private markPosted(incidentId: number, posted: Set<string>, keys: string[]): void {
    for (const k of keys) posted.add(k);
    this.deps.store.setMeta(postedKey(incidentId), JSON.stringify([...posted]));
  }
}

/** The model that wrote the stored postmortem's investigation; null for the deterministic document. */
function narratedBy(incident: IncidentRecord): string | null {
  return incident.postmortemBy && incident.postmortemBy !== 'deterministic' ? incident.postmortemBy : null;
}

function evidenceKey(e: Evidence): string {
  return `ev:${e.id}`;
}
