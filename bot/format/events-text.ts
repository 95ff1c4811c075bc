import type { ShadowEvent } from '../shadow/shadow-loop.js';
import type { RecommendationRecord } from '../store/index.js';
import { when } from './figures.js';
import { planText } from './text.js';

/** A recommendation as it opens, changes or closes, for the terminal. */
export function shadowEventText(event: ShadowEvent): string {
  const rec = event.recommendation;
  // a closed recommendation's verdict is history: "was FAILOVER", not a verdict standing now
  const verdict = `${event.type === 'resolved' ? 'was ' : ''}${rec.verdict.toUpperCase()} (confidence ${rec.confidence})`;
  const head = `[${when(event.atMs)}] ${label(event.type)} #${rec.id} ${rec.workUnit} — ${verdict}, revision ${rec.revision}`;
  if (event.type === 'resolved' || !event.report)
    return `${head}\n  ${rec.workUnit} recovered; recommendation closed (shadow mode: no action was taken).`;
  const signals = event.report.signals
    .filter((s) => s.status !== 'ok')
    .map((s) => `  ${s.status} ${s.source}: ${s.detail}`);
  return [head, `  ${rec.summary}`, ...signals, ...planText(event.report.plan).map((l) => `  ${l}`)].join('\n');
}

function label(type: ShadowEvent['type']): string {
  return type === 'opened' ? 'NEW' : type === 'updated' ? 'UPDATE' : 'RESOLVED';
}

export function openRecommendationsText(open: RecommendationRecord[]): string {
  if (open.length === 0) return 'No open recommendations.';
  return [
    'Open recommendations:',
    ...open.map(
      (r) => `  #${r.id} ${r.workUnit} ${r.verdict} (${r.confidence}) since ${when(r.openedAtMs)} — ${r.summary}`,
    ),
  ].join('\n');
}

/** Said at start when recommendations of a later fleet time were closed (the clock started over). */
export function sayExpired(say: (text: string) => void, expired: readonly { id: number; workUnit: string }[]): void {
  if (expired.length === 0) return;
  const which = expired.map((r) => `#${r.id} ${r.workUnit}`).join(', ');
  say(
    `Closed ${expired.length} open recommendation${expired.length === 1 ? '' : 's'} from a later fleet time than this run starts at ` +
      `(an earlier run on the same database) as expired: ${which}.`,
  );
}
