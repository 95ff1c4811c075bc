// Traces of the simulated fleet behind the TraceSource contract.
import type { EvidenceResult, Trace, TraceQuery, TraceSource, TraceSummary } from '../../sources/evidence.js';
import { TRACE_NARROWING, traceQueryProblem, truncation, unknown } from '../../sources/evidence-query.js';
import type { SimulatedFleet } from '../simulated-fleet.js';
import { ConditionsCache } from './conditions.js';
import { DeploySchedule } from './deploy-schedule.js';
import { MINUTE_MS } from './services.js';
import { buildTrace, decodeTraceId, type SimTrace, traceSlotsOfMinute } from './trace-spans.js';

const COUNT_CAP = 20_000;

export class SimulatedTraceSource implements TraceSource {
  readonly kind = 'simulated';
  private readonly deploys: DeploySchedule;

  constructor(private readonly sim: SimulatedFleet) {
    this.deploys = new DeploySchedule(sim);
  }

  async search(query: TraceQuery): Promise<EvidenceResult<TraceSummary[]>> {
    const tried = `simulated traces of ${query.workUnit}`;
    const problem = traceQueryProblem(query);
    if (problem) return unknown(problem, tried);
    const unitIndex = this.sim.fleet.workUnits.findIndex((u) => u.id === query.workUnit);
    const unit = this.sim.fleet.workUnits[unitIndex];
    if (!unit) return unknown(`${query.workUnit} is not a work unit of this fleet`, tried);
    const conditions = new ConditionsCache(this.sim, unit.id);
    const shown: TraceSummary[] = [];
    let total = 0;
    let complete = true;
    const first = Math.floor(query.range.startMs / MINUTE_MS);
    for (let minute = Math.floor(query.range.endMs / MINUTE_MS); minute >= first; minute--) {
      const minuteMs = minute * MINUTE_MS;
      if (minuteMs < this.sim.dataStartMs) break;
      const c = conditions.at(minuteMs);
      const found: SimTrace[] = [];
      for (let slot = traceSlotsOfMinute(this.sim.seed, unit, minuteMs, c) - 1; slot >= 0; slot--) {
        const trace = buildTrace(this.sim.seed, unitIndex, unit, minute, slot, c, this.deploys);
        if (matches(trace, query)) found.push(trace);
      }
      found.sort((a, b) => b.startMs - a.startMs);
      for (const t of found) {
        if (shown.length < query.limit) shown.push(summary(t));
        total++;
      }
      if (total >= COUNT_CAP) {
        complete = minute === first;
        break;
      }
    }
    if (total <= shown.length) return { status: 'ok', value: shown };
    return {
      status: 'ok',
      value: shown,
      truncated: truncation(shown.length, complete ? total : null, 'traces', TRACE_NARROWING, total),
    };
  }

  async get(traceId: string): Promise<EvidenceResult<Trace | null>> {
    const at = decodeTraceId(traceId.toLowerCase(), this.sim.seed, this.sim.fleet.workUnits);
    if (!at) return { status: 'ok', value: null };
    const unit = this.sim.fleet.workUnits[at.unitIndex]!;
    const minuteMs = at.minute * MINUTE_MS;
    const c = new ConditionsCache(this.sim, unit.id).at(minuteMs);
    if (minuteMs < this.sim.dataStartMs || at.slot >= traceSlotsOfMinute(this.sim.seed, unit, minuteMs, c)) {
      return { status: 'ok', value: null };
    }
    const t = buildTrace(this.sim.seed, at.unitIndex, unit, at.minute, at.slot, c, this.deploys);
    return { status: 'ok', value: { traceId: t.traceId, spans: t.spans } };
  }
}

function matches(t: SimTrace, q: TraceQuery): boolean {
  if (t.startMs < q.range.startMs || t.startMs > q.range.endMs) return false;
  if (q.errorsOnly && !t.error) return false;
  if (q.minDurationMs !== undefined && t.durationMs < q.minDurationMs) return false;
  if (q.service !== undefined && !t.spans.some((s) => s.service === q.service)) return false;
  const wanted = Object.entries(q.attributes ?? {});
  if (wanted.length > 0 && !t.spans.some((s) => wanted.every(([k, v]) => s.attributes[k] === v))) return false;
  return true;
}

function summary(t: SimTrace): TraceSummary {
  const root = t.spans[0]!;
  return {
    traceId: t.traceId,
    workUnit: t.workUnit,
    rootService: root.service,
    rootName: root.name,
    startMs: t.startMs,
    durationMs: t.durationMs,
    error: t.error,
  };
}
