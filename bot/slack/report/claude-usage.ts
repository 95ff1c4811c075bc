import type { DailyUsage } from '../../store/index.js';
import { section } from '../blocks/kit.js';
import type { KnownBlock } from '../slack-types.js';

/** The weekly report's line on Claude: questions, tokens and cost this week, and per day. Absent when unused. */
export function claudeUsageBlock(days: readonly DailyUsage[]): KnownBlock | undefined {
  if (days.length === 0) return undefined;
  const total = days.reduce(
    (t, d) => ({ questions: t.questions + d.questions, tokens: t.tokens + d.tokens, cost: t.cost + d.costUsd }),
    { questions: 0, tokens: 0, cost: 0 },
  );
  const perDay = days.map(
    (d) => `${d.day.slice(5)}: ${d.questions} · ${d.tokens.toLocaleString('en-US')} tok · $${d.costUsd.toFixed(2)}`,
  );
  return section(
    [
      `*Claude this week*: ${total.questions} question(s), ${total.tokens.toLocaleString('en-US')} tokens, $${total.cost.toFixed(2)}`,
      perDay.join('\n'),
    ].join('\n'),
  );
}
