import { durations } from '../../../analytics/incidents/lifecycle.js';
import type { Evidence } from '../../../analytics/incidents/types.js';
import type { UnitOwnership } from '../../incidents/settings.js';
import type { IncidentRecord, Snooze } from '../../store/index.js';
import type { MessageContent } from '../out.js';
import type { KnownBlock } from '../slack-types.js';
import { context, esc, section, when } from './kit.js';
import { capLines, fitBlocks, joinWithin } from './limits.js';

// The incident's replies in the recommendation's thread: pure functions of stored values.

const mins = (ms: number | null) => (ms === null ? 'n/a' : `${Math.round(ms / 6_000) / 10} min`);

/** Evidence text as it may be shown: untrusted text (operators' notes, snooze reasons) is quoted and escaped. */
function evidenceLine(e: Evidence): string {
  const text = e.untrusted ? `“${esc(e.summary)}”` : esc(e.summary);
  const unknown = e.status === 'unknown' ? ' _(unknown)_' : '';
  return `• ${when(e.atMs)} · ${esc(e.source)} — ${text}${unknown} \`[${e.id}]\``;
}

function linksLine(owner: UnitOwnership | undefined): string | null {
  const links = Object.entries(owner?.links ?? {});
  if (links.length === 0) return null;
  return links.map(([name, url]) => `<${url}|${esc(name)}>`).join(' · ');
}

/** The first incident reply of an episode: the owning group @-mentioned, the owner's links, the timeline so far. */
export function incidentOpenedMessage(
  incident: IncidentRecord,
  timeline: readonly Evidence[],
  owner: UnitOwnership | undefined,
): MessageContent {
  const d = durations(incident);
  const mention = owner?.group ? `<!subteam^${owner.group}> ` : '';
  const by = incident.declaredBy ? ` by <@${incident.declaredBy}>` : '';
  const head = `${mention}:rotating_light: *Incident #${incident.id} opened* on *${esc(incident.workUnit)}* (${incident.trigger}${by}). First signal ${when(incident.firstSignalMs)}, opened ${when(incident.openedAtMs)}: time to detect *${mins(d.timeToDetectMs)}*.`;
  const blocks: KnownBlock[] = [section(head)];
  if (timeline.length)
    blocks.push(section(joinWithin(['*Timeline so far*', ...capLines(timeline.map(evidenceLine), 15)])));
  const links = linksLine(owner);
  if (links) blocks.push(context(links));
  blocks.push(
    context(
      'Declare, snooze and decide with the buttons on the recommendation. :pushpin: a reply to add it to the timeline.',
    ),
  );
  return { text: `${mention}Incident #${incident.id} opened on ${incident.workUnit}`, blocks: fitBlocks(blocks) };
}

/** New timeline entries since the last reply (decisions, deploys, signal changes, pinned notes…). */
export function timelineHighlightsMessage(incident: IncidentRecord, entries: readonly Evidence[]): MessageContent {
  return {
    text: `Incident #${incident.id}: ${entries.length} new timeline entr${entries.length === 1 ? 'y' : 'ies'}`,
    blocks: fitBlocks([
      section(joinWithin([`*Timeline* (incident #${incident.id})`, ...capLines(entries.map(evidenceLine), 20)])),
    ]),
  };
}

export function incidentMitigatingMessage(incident: IncidentRecord): MessageContent {
  const d = durations(incident);
  const text = `*Incident #${incident.id} mitigating*: a decision was recorded at ${when(incident.decidedAtMs ?? incident.updatedAtMs)}, time to decision *${mins(d.timeToDecisionMs)}*.`;
  return { text: `Incident #${incident.id} mitigating`, blocks: [section(text)] };
}

export function incidentReminderMessage(incident: IncidentRecord, owner: UnitOwnership | undefined): MessageContent {
  const mention = owner?.group ? `<!subteam^${owner.group}> ` : '';
  const after = mins((incident.remindedAtMs ?? incident.openedAtMs) - incident.openedAtMs);
  const text = `${mention}:alarm_clock: *Reminder*: nobody has decided on incident #${incident.id} (${esc(incident.workUnit)}) after ${after}. Follow, Override… or Not an incident on the recommendation.`;
  return { text: `Reminder: incident #${incident.id} has no decision yet`, blocks: [section(text)] };
}

export function incidentResolvedMessage(incident: IncidentRecord): MessageContent {
  const d = durations(incident);
  const text = [
    `:white_check_mark: *Incident #${incident.id} resolved*: ${esc(incident.workUnit)} healthy since ${when(incident.recoveredAtMs ?? incident.resolvedAtMs ?? incident.updatedAtMs)} (${incident.healthyStreak} healthy polls in a row).`,
    `Time to detect *${mins(d.timeToDetectMs)}* · to decide *${mins(d.timeToDecisionMs)}* · to recover *${mins(d.timeToRecoverMs)}*.`,
  ].join('\n');
  return { text: `Incident #${incident.id} resolved`, blocks: [section(text)] };
}

/** The analysis summary: ranked hypotheses with their evidence ids, the suggested runbook sections. */
export function incidentAnalysisMessage(incident: IncidentRecord, runbooks: readonly Evidence[]): MessageContent {
  const hyps = incident.hypotheses.map(
    (h, i) =>
      `${i + 1}. *${esc(h.cause)}*${h.subject ? ` (${esc(h.subject)})` : ''} — ${Math.round(h.confidence * 100)} %: ${esc(h.statement)} ${h.evidenceIds.map((id) => `\`[${id}]\``).join(' ')}`,
  );
  const blocks: KnownBlock[] = [
    section(
      joinWithin([
        `:mag: *Incident #${incident.id}: root-cause hypotheses* (ranked; ${incident.postmortemBy ?? 'deterministic'})`,
        ...(hyps.length ? capLines(hyps, 6) : ['No hypothesis: nothing abnormal in the evidence.']),
      ]),
    ),
  ];
  if (runbooks.length)
    blocks.push(
      section(
        joinWithin([
          '*Runbook suggestions*',
          ...capLines(
            runbooks.map((r) => `• ${esc(r.summary)} \`[${r.id}]\``),
            8,
          ),
        ]),
      ),
    );
  blocks.push(context(`Evidence ids resolve with \`headroom incident show ${incident.id} --evidence ID\`.`));
  const top = incident.hypotheses[0];
  return {
    text: `Incident #${incident.id} analysed${top ? `: most likely ${top.cause}` : ''}`,
    blocks: fitBlocks(blocks),
  };
}

/** When the document cannot be uploaded: the Markdown as text, clipped, with where to read all of it. */
export function postmortemFallbackMessage(incident: IncidentRecord, markdown: string): MessageContent {
  const limit = 3500;
  const body = markdown.length > limit ? `${markdown.slice(0, limit)}\n…` : markdown;
  return {
    text: `Postmortem of incident #${incident.id} (the file upload failed; the whole document: headroom incident postmortem ${incident.id})\n\`\`\`\n${body}\n\`\`\``,
  };
}

/** The top-level post of a declared incident that has no recommendation message to thread under. */
export function declaredRootMessage(incident: IncidentRecord): MessageContent {
  return {
    text: `Incident #${incident.id} declared on ${incident.workUnit}`,
    blocks: [
      section(
        `:rotating_light: *Incident #${incident.id} declared* on *${esc(incident.workUnit)}*${incident.declaredBy ? ` by <@${incident.declaredBy}>` : ''} at ${when(incident.openedAtMs)}. Updates follow in this thread.`,
      ),
    ],
  };
}

/** A snooze or maintenance window as it is set (audited; the reason is the operator's, untrusted). */
export function snoozeMessage(snooze: Snooze): MessageContent {
  const what = snooze.kind === 'maintenance' ? 'a maintenance window' : 'snooze';
  const text = `:zzz: <@${snooze.actor}> put *${esc(snooze.workUnit)}* in ${what} until ${when(snooze.untilMs)}: “${esc(snooze.reason)}”. Headroom keeps evaluating and recording; its posts about ${esc(snooze.workUnit)} are held back until then.`;
  return { text: `${snooze.workUnit} in ${what} until ${when(snooze.untilMs)}`, blocks: [section(text)] };
}
