import { durations } from '../../analytics/incidents/lifecycle.js';
import type { Evidence } from '../../analytics/incidents/types.js';
import type { IncidentUpdate } from '../incidents/service.js';
import type { IncidentRecord } from '../store/index.js';
import { when } from './figures.js';

const stamp = when;
const mins = (ms: number | null) => (ms === null ? '—' : `${Math.round(ms / 6_000) / 10} min`);

export function incidentJson(incident: IncidentRecord, timeline?: readonly Evidence[]) {
  const d = durations(incident);
  return {
    id: incident.id,
    workUnit: incident.workUnit,
    state: incident.state,
    trigger: incident.trigger,
    declaredBy: incident.declaredBy,
    firstSignal: new Date(incident.firstSignalMs).toISOString(),
    opened: new Date(incident.openedAtMs).toISOString(),
    decided: incident.decidedAtMs === null ? null : new Date(incident.decidedAtMs).toISOString(),
    recovered: incident.recoveredAtMs === null ? null : new Date(incident.recoveredAtMs).toISOString(),
    resolved: incident.resolvedAtMs === null ? null : new Date(incident.resolvedAtMs).toISOString(),
    timeToDetectMinutes: d.timeToDetectMs / 60_000,
    timeToDecisionMinutes: d.timeToDecisionMs === null ? null : d.timeToDecisionMs / 60_000,
    timeToRecoverMinutes: d.timeToRecoverMs === null ? null : d.timeToRecoverMs / 60_000,
    recommendationIds: incident.recommendationIds,
    thread: incident.thread,
    hypotheses: incident.hypotheses,
    postmortemWrittenBy: incident.postmortemBy,
    ...(timeline ? { timeline: timeline.map((e) => ({ ...e, at: new Date(e.atMs).toISOString() })) } : {}),
  };
}

export function incidentListText(incidents: readonly IncidentRecord[]): string {
  if (incidents.length === 0) return 'No incidents recorded.';
  return [
    'ID  UNIT            STATE       OPENED             DETECT   DECIDE   RECOVER  TOP CAUSE',
    ...incidents.map((i) => {
      const d = durations(i);
      return [
        String(i.id).padEnd(3),
        i.workUnit.padEnd(15),
        i.state.padEnd(11),
        stamp(i.openedAtMs).padEnd(21),
        mins(d.timeToDetectMs).padEnd(8),
        mins(d.timeToDecisionMs).padEnd(8),
        mins(d.timeToRecoverMs).padEnd(8),
        i.hypotheses[0] ? `${i.hypotheses[0].cause} (${Math.round(i.hypotheses[0].confidence * 100)} %)` : '—',
      ].join(' ');
    }),
  ].join('\n');
}

export function incidentShowText(incident: IncidentRecord, timeline: readonly Evidence[]): string {
  const d = durations(incident);
  const lines = [
    `Incident #${incident.id} on ${incident.workUnit}: ${incident.state} (${incident.trigger}${incident.declaredBy ? ` by ${incident.declaredBy}` : ''})`,
    `  first signal ${stamp(incident.firstSignalMs)}, opened ${stamp(incident.openedAtMs)}; time to detect ${mins(d.timeToDetectMs)}, to decision ${mins(d.timeToDecisionMs)}, to recover ${mins(d.timeToRecoverMs)}`,
    `  recommendations: ${incident.recommendationIds.map((id) => `#${id}`).join(', ') || 'none'}`,
  ];
  if (incident.hypotheses.length) {
    lines.push('Hypotheses:');
    for (const h of incident.hypotheses)
      lines.push(
        `  ${Math.round(h.confidence * 100)} % ${h.cause}${h.subject ? ` (${h.subject})` : ''}: ${h.statement} [${h.evidenceIds.join('] [')}]`,
      );
  }
  lines.push('Timeline:');
  for (const e of timeline) {
    if (e.kind === 'runbook') continue;
    const text = e.untrusted ? JSON.stringify(e.summary) : e.summary;
    lines.push(
      `  ${stamp(e.atMs)} ${e.source.padEnd(12)} ${text} [${e.id}]${e.status === 'unknown' ? ' (unknown)' : ''}`,
    );
  }
  return lines.join('\n');
}

/** An incident update as the terminal shows it. */
export function incidentUpdateText(u: IncidentUpdate): string {
  if (u.type === 'analysed') {
    const a = u.analysis;
    const top = a.hypotheses[0];
    return [
      `[${stamp(u.atMs)}] INCIDENT #${a.incident.id} ANALYSED — postmortem by ${a.writtenBy}`,
      top
        ? `  top hypothesis: ${top.cause}${top.subject ? ` (${top.subject})` : ''}, confidence ${Math.round(top.confidence * 100)} %: ${top.statement}`
        : '  no hypothesis: nothing abnormal in the evidence',
      '',
      a.markdown,
    ].join('\n');
  }
  if (u.type === 'narrated') {
    const a = u.analysis;
    if (!a.narrative)
      return `[${stamp(u.atMs)}] INCIDENT #${a.incident.id}: Claude's investigation is not in the postmortem (${a.narratorFailure ?? 'no narrative'}); the deterministic postmortem stands`;
    const removed = a.removed.length ? `; ${a.removed.length} claim(s) removed by the citation check` : '';
    return [
      `[${stamp(u.atMs)}] INCIDENT #${a.incident.id} POSTMORTEM REVISED — ${a.narrative.length} claim(s) of Claude's investigation kept${removed}`,
      '',
      a.markdown,
    ].join('\n');
  }
  const i = u.incident;
  const held = u.heldBy ? ` (post held back: ${u.heldBy.kind} until ${stamp(u.heldBy.untilMs)})` : '';
  const d = durations(i);
  switch (u.type) {
    case 'opened':
      return `[${stamp(u.atMs)}] INCIDENT #${i.id} OPENED on ${i.workUnit} (${i.trigger}); first signal ${stamp(i.firstSignalMs)}, time to detect ${mins(d.timeToDetectMs)}${held}`;
    case 'mitigating':
      return `[${stamp(u.atMs)}] INCIDENT #${i.id} MITIGATING: a decision was recorded ${mins(d.timeToDecisionMs)} after it opened${held}`;
    case 'relapsed':
      return `[${stamp(u.atMs)}] INCIDENT #${i.id} ${i.workUnit} unhealthy again; the healthy count starts over${held}`;
    case 'resolved':
      return `[${stamp(u.atMs)}] INCIDENT #${i.id} RESOLVED: ${i.workUnit} healthy since ${stamp(i.recoveredAtMs ?? u.atMs)}; time to recover ${mins(d.timeToRecoverMs)}${held}`;
    case 'reminder':
      return `[${stamp(u.atMs)}] INCIDENT #${i.id} REMINDER: nobody has decided on ${i.workUnit} after ${mins(u.atMs - i.openedAtMs)}${held}`;
  }
}
