import type { Plan } from '../../analytics/planner/types.js';
import type { CapacityReport } from '../core/capacity.js';
import type { UnitCapacityForecast } from '../core/capacity-forecast.js';
import type { FleetStatus } from '../core/evaluate.js';
import type { FailoverReport } from '../core/failover.js';
import type { WhatIfReport } from '../core/whatif.js';

/** Plain-text views for the terminal. Pure functions of domain values. */

import { money, pct, rps, signedMs, when as time, whatifLoadWord } from './figures.js';

export { pct, rps };

export function statusText(status: FleetStatus): string {
  const rows = status.workUnits.map((u) =>
    [
      u.id.padEnd(15),
      u.verdict.verdict.padEnd(9),
      rps(u.load).padStart(12),
      rps(u.safeCapacity).padStart(12),
      pct(u.headroom).padStart(7),
      `  ${u.bindingResource.padEnd(11)}`,
      u.headroomLevel === 'ok' ? '' : u.headroomLevel,
    ].join(' '),
  );
  const header = `${'work unit'.padEnd(15)} ${'verdict'.padEnd(9)} ${'load'.padStart(12)} ${'safe'.padStart(12)} ${'room'.padStart(7)}   binding`;
  // capacity lost now, with its evidence: why "safe" is below what the baseline says
  const losses = status.workUnits.flatMap((u) => (u.capacity.lost ? [`  ${u.id}: ${u.capacity.detail}`] : []));
  return [
    `Fleet at ${time(status.atMs)}`,
    header,
    ...rows,
    ...(losses.length ? ['Capacity lost now:', ...losses] : []),
  ].join('\n');
}

export function failoverText(r: FailoverReport): string {
  const lines = [
    `Failover plan for ${r.workUnit} at ${time(r.atMs)} — verdict ${r.verdict.toUpperCase()} (confidence ${r.confidence})`,
    ...r.reasons.map((x) => `  why: ${x}`),
    'Signals:',
    ...r.signals.map((s) => `  ${s.status.padEnd(7)} ${s.source.padEnd(12)} ${s.detail}`),
    ...planText(r.plan),
  ];
  return lines.join('\n');
}

export function planText(plan: Plan): string[] {
  const lines = [
    `Plan (move ${rps(plan.movedLoad)} at the forecast peak): ${plan.feasible ? 'feasible' : `NOT feasible — shed ${rps(plan.shedRequired)}`}`,
    ...plan.targets.flatMap((t) => [
      `  → ${t.workUnit.padEnd(15)} ${pct(t.share).padStart(6)}  ${rps(t.load).padStart(11)}  headroom after ${pct(t.headroomAfter)}  TTFB p95 ${signedMs(t.ttfbP95DeltaMs)}${t.coldStart ? '  (cold start)' : ''}`,
      ...replayLines(plan, t.workUnit).map((x) => `      ${x}`),
      ...(t.lastResort ? [`      LAST RESORT — ${t.lastResort}`] : []),
    ]),
    `  cost ${money(plan.costPerHourDelta)}`,
  ];
  if (plan.stages.length > 1) lines.push('Stages:', ...plan.stages.map((s) => `  ${s.description}`));
  if (plan.rejected.length > 0) lines.push('Not used:', ...plan.rejected.map((x) => `  ${x.reason}`));
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  for (const note of plan.replay?.notes ?? []) lines.push(`  replay: ${note}`);
  return lines;
}

/** The replayed outcome of one target in words: binding resource at peak, p95, errors, distress. */
export function replayLines(plan: Plan, workUnit: string): string[] {
  const o = plan.replay?.targets.find((x) => x.workUnit === workUnit);
  if (!o) return [];
  const perRequest = o.modelled
    ? `, p95 ${Math.round(o.p95Ms)} ms, errors ${(100 * o.errorRate).toFixed(2)} %`
    : ' (no learned model: from safe capacity only)';
  const verdict = o.distress ? `DISTRESS: ${o.reasons.join(', ')}` : 'no distress';
  return [
    `replayed at the forecast peak with the herd spike: ${o.bindingResource} ${pct(o.peakUtilisation)}${perRequest} — ${verdict}`,
  ];
}

export function whatifText(r: WhatIfReport): string {
  const lines = [
    `What-if at ${r.moment} (${r.atTime}): ${r.feasible ? 'feasible' : 'NOT feasible'}`,
    ...r.workUnits.map(
      (u) =>
        `  ${u.id.padEnd(15)} ${whatifLoadWord(r.moment)} ${rps(u.peakLoad).padStart(11)} of safe ${rps(u.safeCapacity).padStart(11)}  headroom ${pct(u.headroomAtPeak)}`,
    ),
    ...r.violations.map((v) => `  ! ${v.detail}`),
  ];
  if (r.plan) lines.push(...planText(r.plan));
  return lines.join('\n');
}

export function capacityText(r: CapacityReport): string {
  const lines = [`Capacity at ${time(r.atMs)} (forecast: ${r.forecaster})`];
  for (const u of r.workUnits) {
    lines.push(
      `${u.id}: ${rps(u.load)} of safe ${rps(u.safeCapacity)} — headroom ${pct(u.headroom)} now, ${pct(u.nextPeak.headroom)} at the next peak (${rps(u.nextPeak.load)} at ${time(u.nextPeak.atMs)})`,
      `  binding resource ${u.bindingResource}; baseline confidence ${u.baseline.confidence}${u.baseline.extrapolated ? ' (limit extrapolated)' : ''}`,
      ...u.baseline.notes.map((n) => `  note: ${n}`),
    );
  }
  return lines.join('\n');
}

export function capacityForecastText(f: UnitCapacityForecast, chartFile?: string): string {
  const last = f.forecast.dailyPeaks.at(-1);
  const crossing = f.forecast.crossesAt
    ? `the forecast P90 daily peak crosses safe capacity (${rps(f.safeCapacity)}) on ${f.forecast.crossesAt}`
    : `the forecast P90 daily peak stays below safe capacity (${rps(f.safeCapacity)}) for ${f.horizonDays} days`;
  return [
    `${f.horizonDays}-day forecast (${f.forecast.model}): ${crossing}.`,
    last ? `  last day ${last.date}: P50 ${rps(last.p50)}, P90 ${rps(last.p90)}` : '',
    chartFile ? `  chart written to ${chartFile}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
