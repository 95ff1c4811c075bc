import type { Signal, Verdict, WorkUnitId } from '../types.js';
import type { DeployInput, LogLineInput, Readable, TraceInput, TraceSummaryInput } from './inputs.js';
import { countSignatures, shortHash } from './signatures.js';
import type { Evidence } from './types.js';

export const SCOPE_WINDOW_MS = 5 * 60_000;
export const DEPLOY_LOOKBACK_MS = 60 * 60_000;

export interface UnitObservation {
  observationId: number;
  workUnit: WorkUnitId;
  atMs: number;
  verdict: Verdict;
  signals: Signal[];
}

/** A level before onset (mean over a window before it) and at onset (the peak just after). */
export interface BeforeAfter {
  before: number;
  atOnset: number;
}

export interface UnitMetricsWindow {
  load: BeforeAfter;
  errorRate: BeforeAfter;
  /** Open connections (counts). */
  connections: BeforeAfter;
  /** Utilisation 0..1 of each resource that can saturate. */
  resources: { resource: string; reading: BeforeAfter }[];
}

export interface CorrelationInput {
  workUnit: WorkUnitId;
  onsetMs: number;
  /** Observations of every unit within ±SCOPE_WINDOW_MS of onset. */
  observations: readonly UnitObservation[];
  unitMetrics: Readable<UnitMetricsWindow>;
  /** Load of each client region on the unit. */
  regionLoad: Readable<{ clientRegion: string; reading: BeforeAfter }[]>;
  deploys: Readable<DeployInput[]>;
  /** The unit's logs after onset, and the same window a day and a week before. */
  logs: { now: Readable<LogLineInput[]>; dayBefore: Readable<LogLineInput[]>; weekBefore: Readable<LogLineInput[]> };
  /** Slow or failing traces after onset, and the full spans of a few of them. */
  traces: Readable<{ summaries: TraceSummaryInput[]; details: TraceInput[] }>;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function unknown(id: string, source: string, atMs: number, workUnit: string, what: string, reason: string): Evidence {
  return {
    id,
    kind: 'source-unknown',
    atMs,
    source,
    workUnit,
    summary: `${what} unknown: ${reason}`,
    figures: {},
    status: 'unknown',
  };
}

/**
 * The correlated evidence of one incident: scope (units and client regions), resources, traffic by
 * client region, deploys in the hour before onset weighted by closeness, error signatures against
 * a day and a week before, failing or slow trace spans. A source that could not be read yields a
 * "source-unknown" finding, never silence.
 */
export function correlate(input: CorrelationInput): Evidence[] {
  return [
    scopeFinding(input),
    ...metricsFindings(input),
    ...regionFindings(input),
    ...deployFindings(input),
    ...logFindings(input),
    ...traceFindings(input),
  ];
}

function scopeFinding({ workUnit, onsetMs, observations }: CorrelationInput): Evidence {
  const inWindow = observations.filter((o) => Math.abs(o.atMs - onsetMs) <= SCOPE_WINDOW_MS);
  const distressed = [...new Set(inWindow.filter((o) => o.verdict !== 'healthy').map((o) => o.workUnit))].sort();
  const telemetryUnknown = [
    ...new Set(
      inWindow
        .filter((o) => o.signals.some((s) => s.source === 'metrics' && s.status === 'unknown'))
        .map((o) => o.workUnit),
    ),
  ].sort();
  const others = distressed.filter((u) => u !== workUnit);
  return {
    id: `scope:${workUnit}`,
    kind: 'scope',
    atMs: onsetMs,
    source: 'store',
    workUnit,
    summary:
      others.length === 0
        ? `only ${workUnit} was distressed within ±5 min of onset`
        : `${distressed.length} units distressed within ±5 min of onset: ${distressed.join(', ')}`,
    figures: {
      unitsDistressed: distressed.length,
      unitsWithTelemetryUnknown: telemetryUnknown.length,
      windowMinutes: SCOPE_WINDOW_MS / 60_000,
    },
    facts: { units: distressed.join(','), telemetryUnknownUnits: telemetryUnknown.join(',') },
    status: 'ok',
  };
}

function metricsFindings({ workUnit, onsetMs, unitMetrics }: CorrelationInput): Evidence[] {
  if (unitMetrics.status === 'unknown')
    return [unknown(`unknown:metrics:${workUnit}`, 'metrics', onsetMs, workUnit, 'metrics window', unitMetrics.reason)];
  const m = unitMetrics.value;
  const out: Evidence[] = m.resources.map(({ resource, reading }) => ({
    id: `resource:${workUnit}:${resource}`,
    kind: 'resource' as const,
    atMs: onsetMs,
    source: 'metrics',
    workUnit,
    summary: `${resource} utilisation ${pctText(reading.before)} before onset, ${pctText(reading.atOnset)} at onset`,
    figures: { before: round(reading.before), atOnset: round(reading.atOnset) },
    facts: { resource },
    status: 'ok' as const,
  }));
  const ratio = (r: BeforeAfter) => (r.before > 0 ? r.atOnset / r.before : Number.NaN);
  out.push({
    id: `traffic:${workUnit}:total`,
    kind: 'traffic',
    atMs: onsetMs,
    source: 'metrics',
    workUnit,
    summary: `load ${Math.round(m.load.before)} rps before onset, ${Math.round(m.load.atOnset)} rps at onset`,
    figures: { before: round(m.load.before, 1), atOnset: round(m.load.atOnset, 1), ratio: round(ratio(m.load)) },
    facts: { clientRegion: 'total' },
    status: 'ok',
  });
  out.push({
    id: `resource:${workUnit}:open-connections`,
    kind: 'resource',
    atMs: onsetMs,
    source: 'metrics',
    workUnit,
    summary: `open connections ${Math.round(m.connections.before)} before onset, ${Math.round(m.connections.atOnset)} at onset`,
    figures: {
      before: Math.round(m.connections.before),
      atOnset: Math.round(m.connections.atOnset),
      ratio: round(ratio(m.connections)),
      lostFraction: round(Math.max(0, 1 - ratio(m.connections))),
    },
    facts: { resource: 'open-connections' },
    status: 'ok',
  });
  out.push({
    id: `resource:${workUnit}:error-rate`,
    kind: 'resource',
    atMs: onsetMs,
    source: 'metrics',
    workUnit,
    summary: `error rate ${pctText(m.errorRate.before)} before onset, ${pctText(m.errorRate.atOnset)} at onset`,
    figures: { before: round(m.errorRate.before, 4), atOnset: round(m.errorRate.atOnset, 4) },
    facts: { resource: 'error-rate' },
    status: 'ok',
  });
  return out;
}

function regionFindings({ workUnit, onsetMs, regionLoad }: CorrelationInput): Evidence[] {
  if (regionLoad.status === 'unknown')
    return [
      unknown(
        `unknown:region-load:${workUnit}`,
        'metrics',
        onsetMs,
        workUnit,
        'load by client region',
        regionLoad.reason,
      ),
    ];
  return regionLoad.value
    .filter((r) => r.reading.before > 0 || r.reading.atOnset > 0)
    .map(({ clientRegion, reading }) => ({
      id: `traffic:${workUnit}:${clientRegion}`,
      kind: 'traffic' as const,
      atMs: onsetMs,
      source: 'metrics',
      workUnit,
      summary: `client region ${clientRegion}: ${Math.round(reading.before)} rps before onset, ${Math.round(reading.atOnset)} rps at onset`,
      figures: {
        before: round(reading.before, 1),
        atOnset: round(reading.atOnset, 1),
        ratio: reading.before > 0 ? round(reading.atOnset / reading.before) : 0,
      },
      facts: { clientRegion },
      status: 'ok' as const,
    }));
}

function deployFindings({ workUnit, onsetMs, deploys }: CorrelationInput): Evidence[] {
  if (deploys.status === 'unknown')
    return [unknown(`unknown:deploys:${workUnit}`, 'deploys', onsetMs, workUnit, 'deploys', deploys.reason)];
  return deploys.value
    .filter((d) => d.timeMs <= onsetMs && d.timeMs >= onsetMs - DEPLOY_LOOKBACK_MS)
    .sort((a, b) => b.timeMs - a.timeMs || a.id.localeCompare(b.id))
    .map((d) => {
      const minutesBefore = (onsetMs - d.timeMs) / 60_000;
      return {
        id: `deploy:${d.id}`,
        kind: 'deploy' as const,
        atMs: d.timeMs,
        source: `deploys:${d.source}`,
        workUnit: d.workUnit,
        summary: `deploy of ${d.service} ${d.version} on ${d.workUnit} (${d.status}), ${Math.round(minutesBefore)} min before onset`,
        figures: { minutesBeforeOnset: round(minutesBefore, 1), weight: round(1 - minutesBefore / 60) },
        facts: { service: d.service, version: d.version, status: d.status, sameUnit: d.workUnit === workUnit },
        status: 'ok' as const,
        untrusted: true,
      };
    });
}

function logFindings({ workUnit, onsetMs, logs }: CorrelationInput): Evidence[] {
  if (logs.now.status === 'unknown')
    return [unknown(`unknown:logs:${workUnit}`, 'logs', onsetMs, workUnit, 'error signatures', logs.now.reason)];
  const counts = (r: Readable<LogLineInput[]>) =>
    r.status === 'ok' ? new Map(countSignatures(r.value).map((s) => [s.signature, s.count])) : null;
  const day = counts(logs.dayBefore);
  const week = counts(logs.weekBefore);
  const out: Evidence[] = [];
  for (const s of countSignatures(logs.now.value).slice(0, 10)) {
    const dayCount = day?.get(s.signature) ?? 0;
    const weekCount = week?.get(s.signature) ?? 0;
    const comparable = day !== null && week !== null;
    const isNew = comparable && dayCount === 0 && weekCount === 0;
    out.push({
      id: `log:${workUnit}:${shortHash(s.signature)}`,
      kind: 'log-pattern',
      atMs: s.firstMs,
      source: 'logs',
      workUnit,
      summary: `${isNew ? 'new ' : ''}error signature "${s.signature}" (${s.services.join(', ')}): ${s.count} now, ${day ? dayCount : 'unknown'} a day before, ${week ? weekCount : 'unknown'} a week before`,
      figures: {
        countNow: s.count,
        ...(day ? { countDayBefore: dayCount } : {}),
        ...(week ? { countWeekBefore: weekCount } : {}),
        minutesAfterOnset: round((s.firstMs - onsetMs) / 60_000, 1),
      },
      facts: { signature: s.signature, new: isNew, comparable, services: s.services.join(',') },
      status: 'ok',
      untrusted: true,
    });
  }
  return out;
}

function traceFindings({ workUnit, onsetMs, traces }: CorrelationInput): Evidence[] {
  if (traces.status === 'unknown')
    return [
      unknown(`unknown:traces:${workUnit}`, 'traces', onsetMs, workUnit, 'slow or failing traces', traces.reason),
    ];
  const { summaries, details } = traces.value;
  if (summaries.length === 0) return [];
  const errors = summaries.filter((t) => t.error).length;
  const durations = summaries.map((t) => t.durationMs).sort((a, b) => a - b);
  const p95 = durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.95))] ?? 0;
  // Where the time and the errors are: the service of the failing or slowest non-root spans.
  const blame = new Map<string, number>();
  const roots = new Set(summaries.map((t) => t.rootService));
  for (const trace of details) {
    for (const span of trace.spans) {
      if (roots.has(span.service)) continue;
      const key = span.attributes['peer.service'] ?? span.service;
      blame.set(key, (blame.get(key) ?? 0) + (span.error ? 2 : 0) + span.durationMs / Math.max(1, p95));
    }
  }
  const [slowest] = [...blame.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const path = downstreamFailures(details, roots);
  const example = summaries.find((t) => t.error) ?? summaries[0]!;
  const downstreamText = path.downstream
    ? `; ${path.downstreamErrorTraces} of ${path.detailedErrorTraces} failing traces read fail downstream of ${path.entryService} in ${path.downstream}`
    : path.entryService
      ? `; no failing span downstream of the entry service ${path.entryService}`
      : '';
  return [
    {
      id: `trace:${workUnit}:${example.traceId}`,
      kind: 'trace',
      atMs: Math.min(...summaries.map((t) => t.startMs)),
      source: 'traces',
      workUnit,
      summary: `${summaries.length} slow or failing traces after onset (${errors} with errors, p95 ${Math.round(p95)} ms)${slowest ? `; most time and errors in ${slowest[0]}` : ''}${downstreamText}`,
      figures: {
        traces: summaries.length,
        errorTraces: errors,
        p95DurationMs: Math.round(p95),
        detailedErrorTraces: path.detailedErrorTraces,
        downstreamErrorTraces: path.downstreamErrorTraces,
      },
      facts: {
        slowest: slowest?.[0] ?? '',
        entryService: path.entryService,
        dependency: path.downstream,
        exampleTrace: example.traceId,
      },
      status: 'ok',
      untrusted: true,
    },
  ];
}

/**
 * Where the failures of the detailed traces sit relative to the unit's entry point. A trace's
 * entry service is the first service after the root (edge) spans, by span start (the order the
 * spans are listed in when no start is given); the unit's entry service is the most common one.
 * Every other non-root service is downstream of it. `downstream` is the downstream service with
 * failing spans in the most failing traces ('' when none fails: the entry service failing on its
 * own is the unit itself failing, not a dependency).
 */
export function downstreamFailures(
  details: readonly TraceInput[],
  roots: ReadonlySet<string>,
): { entryService: string; downstream: string; detailedErrorTraces: number; downstreamErrorTraces: number } {
  const entryCounts = new Map<string, number>();
  const entryOf = (t: TraceInput) => {
    const inner = t.spans
      .map((span, i) => ({ span, i }))
      .filter(({ span }) => !roots.has(span.service))
      .sort((a, b) => (a.span.startMs ?? 0) - (b.span.startMs ?? 0) || a.i - b.i);
    return inner[0]?.span.service;
  };
  for (const t of details) {
    const e = entryOf(t);
    if (e) entryCounts.set(e, (entryCounts.get(e) ?? 0) + 1);
  }
  const [entry] = [...entryCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const entryService = entry?.[0] ?? '';
  const failing = details.filter((t) => t.spans.some((s) => s.error));
  const byService = new Map<string, number>();
  let downstreamErrorTraces = 0;
  for (const t of failing) {
    const services = new Set(
      t.spans
        .filter((s) => s.error && !roots.has(s.service) && s.service !== entryService)
        .map((s) => s.attributes['peer.service'] ?? s.service),
    );
    if (services.size > 0) downstreamErrorTraces++;
    for (const s of services) byService.set(s, (byService.get(s) ?? 0) + 1);
  }
  const [top] = [...byService.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { entryService, downstream: top?.[0] ?? '', detailedErrorTraces: failing.length, downstreamErrorTraces };
}

function pctText(x: number): string {
  return `${Math.round(x * 1000) / 10} %`;
}
