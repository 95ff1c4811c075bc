import type { Claim } from '../../analytics/incidents/citations.js';
import type { Postmortem } from '../../analytics/incidents/postmortem.js';
import type { Evidence } from '../../analytics/incidents/types.js';
import { when } from './figures.js';

const stamp = when;
const cite = (c: Claim) => `${c.text} ${c.evidenceIds.map((id) => `\`[${id}]\``).join(' ')}`;
const TIMELINE_LIMIT = 80;

/** Text from outside (log lines, thread messages) shown as code, so Markdown in it cannot format or link. */
function quoted(e: Evidence): string {
  return e.untrusted ? `\`${e.summary.replace(/`/g, "'")}\`` : e.summary;
}

/** The blameless postmortem as a Markdown document (posted as a file, stored, printed by the CLI). */
export function postmortemMarkdown(
  pm: Postmortem,
  meta: { writtenBy: string; atMs: number; narrative?: Claim[] },
): string {
  const lines: string[] = [
    `# ${pm.title}`,
    '',
    `_Blameless postmortem, written ${stamp(meta.atMs)} by ${meta.writtenBy}. Every claim cites the evidence it rests on; \`headroom incident show ${pm.incidentId}\` resolves the ids._`,
    '',
  ];
  const section = (title: string, claims: readonly Claim[]) => {
    lines.push(`## ${title}`, '');
    if (claims.length === 0) lines.push('- none recorded');
    for (const c of claims) lines.push(`- ${cite(c)}`);
    lines.push('');
  };
  section('Summary', pm.summary);
  if (meta.narrative?.length) section('Investigation', meta.narrative);
  section('Impact', pm.impact);
  lines.push('## Timeline', '');
  const events = pm.timeline.filter((e) => e.kind !== 'runbook' && e.kind !== 'similar-incident');
  for (const e of events.slice(0, TIMELINE_LIMIT))
    lines.push(`- ${stamp(e.atMs)} · ${e.source} · ${quoted(e)} \`[${e.id}]\``);
  if (events.length > TIMELINE_LIMIT)
    lines.push(
      `- … ${events.length - TIMELINE_LIMIT} more entries (\`headroom incident show ${pm.incidentId} --json\`)`,
    );
  lines.push('');
  section('Root cause', pm.rootCause ? [pm.rootCause] : []);
  section('Contributing factors', pm.contributing);
  section('What went well', pm.wentWell);
  section('What did not go well', pm.wentBadly);
  lines.push('## Action items', '');
  if (pm.actionItems.length === 0) lines.push('- none');
  for (const a of pm.actionItems) lines.push(`- [ ] ${a.owner ? `${a.owner}: ` : ''}${cite(a)}`);
  lines.push('');
  if (pm.remediation.length) {
    lines.push('## Remediation (from runbooks)', '');
    for (const r of pm.remediation) {
      lines.push(`### ${r.runbookTitle} (\`${r.file}\`)`, '');
      for (const s of r.steps) lines.push(`- **${s.urgency}**: ${s.step}`);
      for (const n of r.rollback) lines.push(`- _rollback_: ${n.note}`);
      lines.push('');
    }
  }
  if (pm.similar.length) {
    lines.push('## Similar past incidents', '');
    for (const s of pm.similar)
      lines.push(
        `- #${s.incidentId} ${s.workUnit} ${stamp(s.openedAtMs)}: ${s.topCause ?? 'cause unknown'}; decided ${s.decision ?? 'nothing'}; recovered in ${s.timeToRecoverMs === null ? 'unknown' : `${Math.round(s.timeToRecoverMs / 60_000)} min`}`,
      );
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
