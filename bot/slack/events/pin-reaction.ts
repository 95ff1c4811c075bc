import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { Redactor } from '../../agent/redact.js';
import { neutraliseInstructions } from '../../agent/untrusted.js';
import { pinEvidenceId } from '../../incidents/tracker.js';
import type { SlackDeps } from '../deps.js';
import { allowed } from '../guard.js';
import { slackErrorCode } from '../out.js';

/** The reaction that marks a thread message for the incident's timeline (as Dispatch does). */
export const PIN_REACTION = 'pushpin';

/**
 * :pushpin: on a message in an incident's thread, by an operator, puts that message on the
 * incident's timeline as operator-note evidence: untrusted text, redacted (the fleet's redaction
 * rules) and neutralised, then shown quoted in the thread. A viewer's pin is refused (ephemeral,
 * audited); pins outside incident threads are ignored.
 */
export function pinReactionEvent(deps: SlackDeps) {
  return async ({ event }: SlackEventMiddlewareArgs<'reaction_added'> & AllMiddlewareArgs): Promise<void> => {
    const incidents = deps.incidents;
    if (!incidents || event.reaction !== PIN_REACTION || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    let message: Awaited<ReturnType<typeof deps.out.messageAt>>;
    try {
      message = await deps.out.messageAt(channel, ts);
    } catch (err) {
      deps.log.warn({ err: slackErrorCode(err) }, 'could not read the pinned message');
      return;
    }
    if (!message) return;
    const incident = deps.store.incidents.ofThread(channel, message.threadTs ?? ts);
    if (!incident) return;
    const refuse = (text: string) => deps.out.postEphemeral(channel, event.user, text, incident.thread?.ts);
    if (!(await allowed(deps, event.user, 'operator', 'pin a note to an incident', refuse))) return;
    const r = deps.config.claude?.redaction;
    const redacted = new Redactor({ enabled: r?.enabled ?? true, extra: r?.patterns ?? [] }).text(message.text);
    const text = neutraliseInstructions(redacted).text.slice(0, 1000);
    const atMs = deps.now();
    const note = incidents.service.tracker.pin(incident.id, {
      channel,
      ts,
      user: message.user ?? event.user,
      text,
      atMs,
    });
    deps.store.appendAudit({
      atMs,
      kind: 'incident.pin',
      actor: event.user,
      payload: { incidentId: incident.id, evidenceId: note.id },
    });
    await incidents.threads.sync(atMs);
  };
}

/**
 * The :pushpin: removed by an operator: the note leaves the timeline (audited), unless the incident
 * is already analysed (its postmortem may cite the note; that is said to the operator).
 */
export function unpinReactionEvent(deps: SlackDeps) {
  return async ({ event }: SlackEventMiddlewareArgs<'reaction_removed'> & AllMiddlewareArgs): Promise<void> => {
    const incidents = deps.incidents;
    if (!incidents || event.reaction !== PIN_REACTION || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    const evidenceId = pinEvidenceId(channel, ts);
    const incident = deps.store.incidents
      .list({ limit: 50 })
      .find((i) => deps.store.incidents.resolveEvidence(i.id, evidenceId));
    if (!incident) return;
    const tell = (text: string) => deps.out.postEphemeral(channel, event.user, text, incident.thread?.ts);
    if (!(await allowed(deps, event.user, 'operator', 'take a note off an incident', tell))) return;
    const outcome = deps.store.incidents.unpinNote(incident.id, evidenceId, { actor: event.user, atMs: deps.now() });
    if (outcome === 'analysed')
      await tell(
        `Incident #${incident.id} is already analysed and its postmortem may cite this note, so it stays on the timeline.`,
      ).catch((err) => deps.log.warn({ err: slackErrorCode(err) }, 'could not say the note stays'));
  };
}

export function registerPinReaction(app: App, deps: SlackDeps): void {
  app.event('reaction_added', pinReactionEvent(deps));
  app.event('reaction_removed', unpinReactionEvent(deps));
}
