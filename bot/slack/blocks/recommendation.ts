import type { DecisionRecord, RecommendationRecord } from '../../store/types.js';
import type { KnownBlock } from '../slack-types.js';
import { context, esc, header, section, untrustedText, VERDICT_LABEL, when } from './kit.js';
import { capLines, fitBlocks, joinWithin } from './limits.js';
import { decisionButtons, type PlanReport, planBodyBlocks } from './plan.js';

const DECIDED: Record<DecisionRecord['kind'], string> = {
  follow: 'is following the recommendation',
  override: 'overrode it',
  'not-an-incident': 'marked it not an incident',
};

/** One line per decision: who decided what, when. */
export function decisionLines(decisions: DecisionRecord[]): string[] {
  return decisions.map((d) => {
    const c = d.content as { action?: string; split?: Record<string, number>; reason?: string };
    let what = DECIDED[d.kind];
    if (d.kind === 'override') {
      const split = c.split && Object.keys(c.split).length > 0;
      what += split
        ? `: moving to ${Object.entries(c.split!)
            .map(([wu, s]) => `${wu} ${Math.round(s * 100)} %`)
            .join(', ')}`
        : ': no action';
    }
    if (c.reason) what += ` — “${untrustedText(c.reason)}”`;
    return `• <@${d.userId}> ${what} (${when(d.atMs)})`;
  });
}

/**
 * The shadow-mode post of one recommendation, re-rendered from the store on every change: the same
 * message is edited as the episode evolves, shows who decided what, and is marked resolved at the end.
 */
export function recommendationMessage(
  rec: RecommendationRecord,
  decisions: DecisionRecord[],
  /** The unit owner's links from the fleet file (dashboards, runbooks, status page). */
  links: Record<string, string> = {},
): { text: string; blocks: KnownBlock[] } {
  const report = (rec.payload as { report?: PlanReport } | null)?.report;
  const resolved = rec.closedAtMs !== null;
  const title = resolved
    ? `Resolved: ${rec.workUnit} (${rec.resolution ?? 'closed'})`
    : `${VERDICT_LABEL[rec.verdict] ?? rec.verdict}: ${rec.workUnit}`;
  const blocks: KnownBlock[] = [
    header(title),
    section(untrustedText(rec.summary)),
    context(
      `Recommendation #${rec.id} · revision ${rec.revision} · opened ${when(rec.openedAtMs)} · updated ${when(rec.updatedAtMs)}`,
      resolved
        ? `Closed ${when(rec.closedAtMs!)}: the unit recovered. Shadow mode: no action was taken.`
        : 'Shadow mode: Headroom takes no action on traffic.',
    ),
  ];
  if (report && !resolved) blocks.push(...planBodyBlocks(report));
  const linkList = Object.entries(links).map(([name, url]) => `<${url}|${esc(name)}>`);
  if (linkList.length) blocks.push(context(linkList.join(' · ')));
  if (decisions.length > 0)
    blocks.push(section(joinWithin(['*Decisions*', ...capLines(decisionLines(decisions), 20)])));
  if (!resolved) blocks.push(decisionButtons({ recommendationId: rec.id, revision: rec.revision }, rec.workUnit));
  return { text: `${title} — ${untrustedText(rec.summary)}`.slice(0, 3000), blocks: fitBlocks(blocks) };
}
