import type { WeeklyReport } from '../../../analytics/report.js';
import type { KnownBlock } from '../slack-types.js';
import { unitCapacityLine } from './capacity.js';
import { agreementText } from './fleet.js';
import { context, day, divider, header, pct, section, when } from './kit.js';
import { fitBlocks, joinWithin } from './limits.js';

/** The weekly report: headroom now and at the forecast peak, risk ranking, routing cost, agreement. */
export function weeklyReportMessage(r: WeeklyReport): { text: string; blocks: KnownBlock[] } {
  const riskLines = r.risk.map(
    (x) =>
      `${x.rank}. *${x.id}* — headroom at peak ${pct(x.headroomAtPeak)}${x.crossingAtMs === null ? '' : `, crosses ${day(x.crossingAtMs)}`} · ${x.reason}`,
  );
  const week = r.agreementThisWeek;
  const blocks: KnownBlock[] = [
    header(`Headroom weekly report — ${day(r.atMs)}`),
    context(`As of ${when(r.atMs)} · forecast horizon ${r.horizonDays} days · shadow mode`),
    section(
      `*${r.unitsCrossing}* unit(s) forecast to cross safe capacity · *${r.unitsBelowWarningAtPeak}* below ${pct(r.warningBelow)} headroom at their forecast peak`,
    ),
    section(joinWithin(['*Risk ranking*', ...riskLines])),
    section(
      joinWithin([
        '*Headroom now and at the forecast peak*',
        ...r.units.map((u) => `• ${unitCapacityLine(u, r.horizonDays)}`),
      ]),
    ),
    section(
      `*Cost of current routing*: $${r.routingCostPerHour.toFixed(2)}/h (≈ $${Math.round(r.routingCostPerWeek).toLocaleString('en-US')}/week in transfer)`,
    ),
    divider(),
    section(
      [
        `*${agreementText(r.agreement)}*`,
        week.rate === null
          ? `This week: no decisions on ${r.recommendationsThisWeek} recommendation(s).`
          : `This week: ${pct(week.rate)} (${week.followed} of ${week.decisions}) on ${r.recommendationsThisWeek} recommendation(s).`,
      ].join('\n'),
    ),
    context('The forecast chart is in the thread.'),
  ];
  return {
    text: `Headroom weekly report: ${r.unitsCrossing} unit(s) forecast to cross safe capacity; agreement ${pct(r.agreement.rate)}`,
    blocks: fitBlocks(blocks),
  };
}
