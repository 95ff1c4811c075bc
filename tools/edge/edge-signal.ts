import type { Signal, WorkUnitId } from '../../analytics/types.js';
import type { CheckReport } from '../../edge-agent/wire/index.js';
import type { EdgeCheckOutcome } from './client.js';

export interface FreshnessRules {
  /** Oldest acceptable check cycle, probe and error-log reading. */
  reportFreshnessMs: number;
  /** Oldest acceptable metric sample (metrics arrive on the telemetry's own step). */
  metricsFreshnessMs: number;
}

export interface AgentInstance {
  instanceId: string;
  startedAtMs: number;
}

const SOURCE = 'edge-agent' as const;

/**
 * The edge signal of one unit from one Check outcome. Only fresh data from the answering agent
 * instance counts: no answer, a stale datum or an unsure agent is "unknown", never "ok"; "firing"
 * needs the agent to report the unit unhealthy from a fresh check cycle.
 */
export function edgeSignal(
  workUnit: WorkUnitId,
  outcome: EdgeCheckOutcome,
  previous: AgentInstance | undefined,
  rules: FreshnessRules,
  atMs: number,
): Signal {
  if (outcome.status === 'unreachable') {
    return {
      source: SOURCE,
      status: 'unknown',
      detail: `edge agent of ${workUnit} unreachable (${outcome.reason}): ${outcome.detail}`,
    };
  }
  const r = outcome.report;
  if (r.workUnit !== workUnit) {
    return {
      source: SOURCE,
      status: 'unknown',
      detail: `edge agent at ${outcome.target} reports for ${r.workUnit}, not ${workUnit}`,
    };
  }
  const restarted =
    previous && previous.instanceId !== r.instanceId
      ? ` (agent restarted ${Math.round((r.generatedAtMs - r.startedAtMs) / 1000)} s ago; earlier data discarded)`
      : '';
  const observedAtMs = atMs - r.cycle.ageMs;
  if (r.health === 'HEALTH_UNKNOWN' || r.health === 'HEALTH_UNSPECIFIED') {
    return {
      source: SOURCE,
      status: 'unknown',
      detail: `edge agent of ${workUnit} cannot tell: ${r.reasons.join('; ') || 'no reason given'}${restarted}`,
    };
  }
  if (r.cycle.ageMs > rules.reportFreshnessMs) {
    return {
      source: SOURCE,
      status: 'unknown',
      detail: `edge report of ${workUnit} is stale: last check cycle ${seconds(r.cycle.ageMs)} old${restarted}`,
    };
  }
  if (r.health === 'HEALTH_UNHEALTHY') {
    return {
      source: SOURCE,
      status: 'firing',
      detail: `edge agent of ${workUnit} reports: ${r.reasons.join('; ')}${restarted}`,
      observedAtMs,
      measures: measuresOfFindings(r),
    };
  }
  const stale = staleData(r, rules);
  if (stale.length > 0) {
    return {
      source: SOURCE,
      status: 'unknown',
      detail: `edge report of ${workUnit} has stale data: ${stale.join(', ')}${restarted}`,
    };
  }
  return {
    source: SOURCE,
    status: 'ok',
    detail: `edge agent of ${workUnit}: ${healthySummary(r)}${restarted}`,
    observedAtMs,
  };
}

/**
 * What the agent's findings rest on: a threshold on a metric reads the unit's telemetry (the series
 * the central's metrics also judge), while probes and the error log are the agent's own measurements.
 */
export function measuresOfFindings(r: CheckReport): string[] {
  const measures = new Set<string>();
  for (const a of r.anomalies) {
    if (a.kind.startsWith('metric:')) measures.add('telemetry');
    else if (a.kind.startsWith('error-log')) measures.add('edge-error-log');
    else measures.add('edge-probes');
  }
  if (measures.size === 0) measures.add('edge-local');
  return [...measures].sort();
}

function staleData(r: CheckReport, rules: FreshnessRules): string[] {
  const out: string[] = [];
  for (const p of r.probes)
    if (p.age.ageMs > rules.reportFreshnessMs) out.push(`probe ${p.name} ${seconds(p.age.ageMs)} old`);
  if (r.errorLog.available && r.errorLog.age.ageMs > rules.reportFreshnessMs)
    out.push(`error log ${seconds(r.errorLog.age.ageMs)} old`);
  for (const s of r.metrics.samples)
    if (s.age.ageMs > rules.metricsFreshnessMs) out.push(`${s.metric} ${seconds(s.age.ageMs)} old`);
  return out;
}

function healthySummary(r: CheckReport): string {
  const parts = [`${r.probes.length} probe(s) ok`];
  if (r.errorLog.available) parts.push(`error log ${r.errorLog.perMinute.toFixed(1)}/min`);
  if (r.metrics.samples.length > 0) parts.push(`${r.metrics.samples.length} local metrics within limits`);
  return parts.join(', ');
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
