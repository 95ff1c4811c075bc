import type { BeforeAfter, CorrelationInput, UnitMetricsWindow } from '../../analytics/incidents/correlate.js';
import { SCOPE_WINDOW_MS } from '../../analytics/incidents/correlate.js';
import type { Readable } from '../../analytics/incidents/inputs.js';
import type { FleetModel, Series, UnitMetric, WorkUnitId } from '../../analytics/types.js';
import type { EvidenceResult, EvidenceSources, LogLine } from '../../tools/sources/evidence.js';
import type { MetricsSource } from '../../tools/sources/types.js';
import type { Store } from '../store/index.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const STEP_MS = MIN;
/** "Before" is the mean over this window before onset; "at onset" the sample furthest from it just after. */
const BEFORE_FROM_MS = 35 * MIN;
const BEFORE_TO_MS = 6 * MIN;
const AFTER_FROM_MS = 5 * MIN;
const AFTER_TO_MS = 10 * MIN;
/** Logs and traces are read over this window from onset (and the same window a day and a week before). */
const EVIDENCE_WINDOW_MS = 15 * MIN;
const LOG_LIMIT = 2_000;
const TRACE_LIMIT = 100;
/** Failing traces read in full to see where they fail (entry service or downstream of it). */
const TRACE_DETAILS = 10;
const SLOW_TRACE_MS = 1_000;

export interface GatherDeps {
  fleet: FleetModel;
  metrics: MetricsSource;
  evidence: EvidenceSources;
  store: Store;
}

const notConfigured = (what: string) =>
  ({ status: 'unknown', reason: `no ${what} source is configured`, tried: 'configuration' }) as const;

/** Reads everything correlation needs around onset; a source that fails becomes "unknown", never absent. */
export async function gatherCorrelationInput(
  deps: GatherDeps,
  workUnit: WorkUnitId,
  onsetMs: number,
): Promise<CorrelationInput> {
  const [unitMetrics, regionLoad, deploys, logs, traces] = await Promise.all([
    readUnitMetrics(deps, workUnit, onsetMs),
    readRegionLoad(deps, workUnit, onsetMs),
    deps.evidence.deploys
      ? safely(
          () => deps.evidence.deploys!.list({ startMs: onsetMs - 60 * MIN, endMs: onsetMs, stepMs: MIN }),
          'deploys',
        )
      : notConfigured('deploy feed'),
    readLogs(deps, workUnit, onsetMs),
    readTraces(deps, workUnit, onsetMs),
  ]);
  const observations = deps.store
    .listObservations({ sinceMs: Math.max(0, onsetMs - SCOPE_WINDOW_MS) })
    .filter((o) => o.atMs <= onsetMs + SCOPE_WINDOW_MS)
    .map((o) => ({ observationId: o.id, workUnit: o.workUnit, atMs: o.atMs, verdict: o.verdict, signals: o.signals }));
  return { workUnit, onsetMs, observations, unitMetrics, regionLoad, deploys, logs, traces };
}

async function safely<T>(read: () => Promise<EvidenceResult<T>>, what: string): Promise<Readable<T>> {
  try {
    return await read();
  } catch (err) {
    return { status: 'unknown', reason: `${what} read failed: ${(err as Error).message}` };
  }
}

function beforeAfter(series: Series | undefined, onsetMs: number, scale = 1): BeforeAfter | null {
  if (!series) return null;
  const at = (i: number) => series.startMs + i * series.stepMs;
  const before: number[] = [];
  const after: number[] = [];
  series.values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    const t = at(i);
    if (t >= onsetMs - BEFORE_FROM_MS && t <= onsetMs - BEFORE_TO_MS) before.push(v / scale);
    if (t >= onsetMs - AFTER_FROM_MS && t <= onsetMs + AFTER_TO_MS) after.push(v / scale);
  });
  if (before.length === 0 || after.length === 0) return null;
  const mean = before.reduce((s, v) => s + v, 0) / before.length;
  const furthest = after.reduce((best, v) => (Math.abs(v - mean) > Math.abs(best - mean) ? v : best), after[0]!);
  return { before: mean, atOnset: furthest };
}

const metricRange = (onsetMs: number) => ({
  startMs: onsetMs - BEFORE_FROM_MS,
  endMs: onsetMs + AFTER_TO_MS,
  stepMs: STEP_MS,
});

async function readUnitMetrics(
  deps: GatherDeps,
  workUnit: WorkUnitId,
  onsetMs: number,
): Promise<Readable<UnitMetricsWindow>> {
  const unit = deps.fleet.workUnits.find((u) => u.id === workUnit);
  if (!unit) return { status: 'unknown', reason: `unknown work unit ${workUnit}` };
  const metrics: UnitMetric[] = ['load', 'errorRate', 'connections', 'cpu', 'memory', 'network'];
  try {
    const ranges = await Promise.all(metrics.map((m) => deps.metrics.unitRange(m, metricRange(onsetMs))));
    const of = (m: UnitMetric, scale = 1) => beforeAfter(ranges[metrics.indexOf(m)]!.get(workUnit), onsetMs, scale);
    const load = of('load');
    const errorRate = of('errorRate');
    const connections = of('connections');
    if (!load || !errorRate || !connections)
      return { status: 'unknown', reason: `no samples of ${workUnit} around onset (telemetry gap)` };
    const resources = (
      [
        ['cpu', of('cpu')],
        ['memory', of('memory')],
        ['connections', of('connections', unit.limits.connections)],
        ['network', of('network', unit.limits.networkMbps)],
      ] as const
    ).flatMap(([resource, reading]) => (reading ? [{ resource, reading }] : []));
    return { status: 'ok', value: { load, errorRate, connections, resources } };
  } catch (err) {
    return { status: 'unknown', reason: `metrics read failed: ${(err as Error).message}` };
  }
}

async function readRegionLoad(
  deps: GatherDeps,
  workUnit: WorkUnitId,
  onsetMs: number,
): Promise<Readable<{ clientRegion: string; reading: BeforeAfter }[]>> {
  try {
    const byRegion = await deps.metrics.regionLoadRange(metricRange(onsetMs));
    const out: { clientRegion: string; reading: BeforeAfter }[] = [];
    for (const [clientRegion, byUnit] of [...byRegion.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const reading = beforeAfter(byUnit.get(workUnit), onsetMs);
      if (reading) out.push({ clientRegion, reading });
    }
    return { status: 'ok', value: out };
  } catch (err) {
    return { status: 'unknown', reason: `load by client region read failed: ${(err as Error).message}` };
  }
}

async function readLogs(deps: GatherDeps, workUnit: WorkUnitId, onsetMs: number): Promise<CorrelationInput['logs']> {
  const logs = deps.evidence.logs;
  if (!logs) {
    const none = notConfigured('log');
    return { now: none, dayBefore: none, weekBefore: none };
  }
  const read = (shiftMs: number) =>
    safely<LogLine[]>(
      () =>
        logs.search({
          workUnit,
          range: {
            startMs: onsetMs - shiftMs - AFTER_FROM_MS,
            endMs: onsetMs - shiftMs + EVIDENCE_WINDOW_MS,
            stepMs: MIN,
          },
          minLevel: 'warn',
          limit: LOG_LIMIT,
        }),
      'logs',
    );
  const [now, dayBefore, weekBefore] = await Promise.all([read(0), read(DAY), read(7 * DAY)]);
  return { now, dayBefore, weekBefore };
}

async function readTraces(
  deps: GatherDeps,
  workUnit: WorkUnitId,
  onsetMs: number,
): Promise<CorrelationInput['traces']> {
  const traces = deps.evidence.traces;
  if (!traces) return notConfigured('trace');
  const range = { startMs: onsetMs - AFTER_FROM_MS, endMs: onsetMs + EVIDENCE_WINDOW_MS, stepMs: MIN };
  const [slow, failing] = await Promise.all([
    safely(() => traces.search({ workUnit, range, minDurationMs: SLOW_TRACE_MS, limit: TRACE_LIMIT }), 'traces'),
    safely(() => traces.search({ workUnit, range, errorsOnly: true, limit: TRACE_LIMIT }), 'traces'),
  ]);
  if (slow.status === 'unknown') return slow;
  if (failing.status === 'unknown') return failing;
  const byId = new Map([...slow.value, ...failing.value].map((t) => [t.traceId, t]));
  const summaries = [...byId.values()].sort((a, b) => Number(b.error) - Number(a.error) || b.durationMs - a.durationMs);
  const details = [];
  for (const t of summaries.slice(0, TRACE_DETAILS)) {
    const got = await safely(() => traces.get(t.traceId), 'trace');
    if (got.status === 'ok' && got.value) details.push(got.value);
  }
  return { status: 'ok', value: { summaries, details } };
}
