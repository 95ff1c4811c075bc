import type { UnitOutlook } from '../../../analytics/report.js';
import type { KnownBlock } from '../slack-types.js';
import { context, day, header, money, pct, rps, section, when } from './kit.js';
import { fitBlocks } from './limits.js';

export interface CapacityView {
  atMs: number;
  days: number;
  forecaster: string;
  units: UnitOutlook[];
  routingCostPerHour: number;
}

export function crossingText(u: UnitOutlook, days: number): string {
  return u.crossingAtMs === null ? `no crossing within ${days} d` : `*crosses safe capacity ${day(u.crossingAtMs)}*`;
}

/** One line per unit: headroom now, forecast peak and the headroom left at it, crossing date. */
export function unitCapacityLine(u: UnitOutlook, days: number): string {
  const peak = u.peak
    ? `peak ${rps(u.peak.load)} on ${day(u.peak.atMs)} → headroom ${pct(u.peak.headroom)}`
    : 'no forecast';
  return `*${u.id}*${u.state === 'active' ? '' : ` _${u.state}_`} — now ${rps(u.load)} of ${rps(u.safeCapacityNow)} (headroom ${pct(u.headroomNow)}); ${peak}; ${crossingText(u, days)}`;
}

/** /capacity: headroom now and at the forecast peak per unit, and when the peak crosses safe capacity. */
export function capacityMessage(v: CapacityView): { text: string; blocks: KnownBlock[] } {
  const crossing = v.units.filter((u) => u.crossingAtMs !== null);
  const blocks: KnownBlock[] = [
    header(`Capacity — next ${v.days} days`),
    context(
      `As of ${when(v.atMs)} · forecast: ${v.forecaster} · current routing costs ${money(v.routingCostPerHour).slice(1)}`,
    ),
    ...v.units.map((u) => section(unitCapacityLine(u, v.days))),
    context(
      crossing.length === 0
        ? `No unit’s forecast peak crosses safe capacity in ${v.days} days.`
        : `${crossing.length} unit(s) cross safe capacity within ${v.days} days: ${crossing.map((u) => u.id).join(', ')}.`,
    ),
  ];
  return {
    text: `Capacity for the next ${v.days} days: ${crossing.length} unit(s) cross safe capacity`,
    blocks: fitBlocks(blocks),
  };
}
