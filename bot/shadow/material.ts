import type { FailoverReport } from '../core/failover.js';
import { rps } from '../format/figures.js';
import { failoverJson } from '../format/json.js';

/**
 * What makes a recommendation different enough to update its message: verdict, confidence, the
 * firing sources, feasibility and the targets with shares rounded to 5 %. Load wobbling from one
 * poll to the next is not news.
 */
export function materialKey(report: FailoverReport): string {
  return JSON.stringify({
    verdict: report.verdict,
    confidence: report.confidence,
    firing: report.signals.filter((s) => s.status !== 'ok').map((s) => `${s.source}:${s.status}`),
    feasible: report.plan.feasible,
    targets: report.plan.targets.map((t) => [t.workUnit, Math.round(t.share * 20) / 20]),
  });
}

export function recommendationSummary(report: FailoverReport): string {
  const firing = report.signals.filter((s) => s.status === 'firing').map((s) => s.source);
  const targets = report.plan.targets.map((t) => `${t.workUnit} ${Math.round(t.share * 100)} %`).join(', ');
  switch (report.verdict) {
    case 'failover':
      return `Fail over ${report.workUnit}: ${firing.join(' + ')} agree. ${report.plan.feasible ? `Move to ${targets}.` : `No feasible plan: shed ${rps(report.plan.shedRequired)}.`}`;
    case 'watch':
      return `Watch ${report.workUnit}: ${firing.join(', ')} fires alone; no failover without a second source.`;
    case 'unknown':
      return `Cannot assess ${report.workUnit}: ${report.reasons[0] ?? 'data missing'}. Humans, please look.`;
    default:
      return `${report.workUnit} is healthy.`;
  }
}

export function recommendationPayload(report: FailoverReport, material: string) {
  return { material, report: failoverJson(report) };
}
