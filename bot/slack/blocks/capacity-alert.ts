import type { CapacityAlertDecision } from '../../../analytics/capacity-alert.js';
import type { CapacityView } from '../../../analytics/forecast/capacity-view.js';
import type { KnownBlock } from '../slack-types.js';
import { context, header, pct, rps, section, when } from './kit.js';

/** The proactive capacity alert of one unit: the date, the figures, and what changed since last said. */
export function capacityAlertMessage(
  workUnit: string,
  decision: CapacityAlertDecision,
  view: CapacityView,
  horizonDays: number,
): { text: string; blocks: KnownBlock[] } {
  const safe = rps(view.safeCapacity);
  const next = view.nextPeak
    ? `Next peak ${rps(view.nextPeak.p50)} at ${when(view.nextPeak.atMs)} → headroom ${pct(view.nextPeak.headroom)}.`
    : 'No forecast of the next peak.';
  const top = view.days.reduce<CapacityView['days'][number] | undefined>(
    (a, d) => (!a || d.p90 > a.p90 ? d : a),
    undefined,
  );
  let title: string;
  let body: string;
  if (decision.kind === 'cleared') {
    title = `${workUnit} no longer crosses safe capacity`;
    body =
      `*${workUnit}*: the forecast P90 daily peak no longer crosses safe capacity (${safe}) within ${horizonDays} days ` +
      `(said before: crossing on ${decision.previous}).` +
      (top ? ` Highest P90 peak ${rps(top.p90)} on ${top.date}.` : '');
  } else {
    const ahead =
      decision.daysAhead <= 0 ? 'today' : `in ${decision.daysAhead} day${decision.daysAhead === 1 ? '' : 's'}`;
    title = `${workUnit} crosses safe capacity on ${decision.date}`;
    body =
      `*${workUnit}*: the forecast P90 daily peak crosses safe capacity on *${decision.date}* (${ahead}): ` +
      `P90 peak ${rps(decision.p90)} against safe capacity ${safe}.` +
      (decision.kind === 'earlier'
        ? ` That is ${decision.daysEarlier} days earlier than said before (${decision.previous}).`
        : '');
  }
  return {
    text: `${title}.`,
    blocks: [
      header(title),
      section(body),
      section(next),
      context(
        `Forecast as of ${when(view.atMs)} · model ${view.model} · alert horizon ${horizonDays} days · posted once; again only if the crossing moves earlier or goes away`,
      ),
    ],
  };
}
