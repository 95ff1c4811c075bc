import type { KnownBlock } from '../slack-types.js';
import { header, section } from './kit.js';

export const FAILOVER_HELP = [
  '`/failover` — fleet health, open recommendations and the shadow-mode agreement rate',
  '`/failover <work unit>` — the plan to drain that unit now: verdict and confidence, signals, targets with shares, headroom after, TTFB and cost change, staged steps, rejected candidates; with Follow / Override… / Not an incident when a recommendation is open',
  '`/failover declare <work unit>` — declare an incident on that unit (operators): its timeline, hypotheses and postmortem follow in the thread',
  '`/failover help` — this help',
  'Operators and admins decide; everyone can look. Reply in a recommendation’s thread or @mention Headroom to ask a what-if.',
];

export const CAPACITY_HELP = [
  '`/capacity [<work unit>|<region>] [30d|60d|90d]` — headroom now, the forecast daily peak, the date it crosses safe capacity, and a chart',
  '`/capacity whatif shed <wu>[,<wu>] [split wu=share,…] [grow PCT] [add-capacity wu=PCT] [at now|next-peak|+Nd]` — the planner on a hypothetical state',
  '`/capacity report` — post the weekly report now (admins)',
  '`/capacity help` — this help',
];

export function helpMessage(command: 'failover' | 'capacity'): { text: string; blocks: KnownBlock[] } {
  const lines = command === 'failover' ? FAILOVER_HELP : CAPACITY_HELP;
  return {
    text: `/${command} help`,
    blocks: [header(`/${command}`), section(lines.map((l) => `• ${l}`).join('\n'))],
  };
}
