// Per-unit routing of logs and traces: a unit named in `evidence.units` reads its own backend,
// every other unit the global one. A unit with no backend at all answers "unknown".
import type { WorkUnitId } from '../../analytics/types.js';
import type {
  EvidenceResult,
  LogLine,
  LogQuery,
  LogSource,
  Trace,
  TraceQuery,
  TraceSource,
  TraceSummary,
} from './evidence.js';
import { unknown } from './evidence-query.js';

export class RoutedLogSource implements LogSource {
  readonly kind: string;

  constructor(
    private readonly fallback: LogSource | undefined,
    private readonly perUnit: ReadonlyMap<WorkUnitId, LogSource>,
  ) {
    this.kind = routedKind(fallback, perUnit);
  }

  search(query: LogQuery): Promise<EvidenceResult<LogLine[]>> {
    const source = this.perUnit.get(query.workUnit) ?? this.fallback;
    if (!source)
      return Promise.resolve(
        unknown(`no logs backend is configured for ${query.workUnit}`, 'fleet file evidence.logs'),
      );
    return source.search(query);
  }
}

export class RoutedTraceSource implements TraceSource {
  readonly kind: string;

  constructor(
    private readonly fallback: TraceSource | undefined,
    private readonly perUnit: ReadonlyMap<WorkUnitId, TraceSource>,
  ) {
    this.kind = routedKind(fallback, perUnit);
  }

  search(query: TraceQuery): Promise<EvidenceResult<TraceSummary[]>> {
    const source = this.perUnit.get(query.workUnit) ?? this.fallback;
    if (!source)
      return Promise.resolve(
        unknown(`no traces backend is configured for ${query.workUnit}`, 'fleet file evidence.traces'),
      );
    return source.search(query);
  }

  /** A trace id names no unit: ask each distinct backend in turn until one has it. */
  async get(traceId: string): Promise<EvidenceResult<Trace | null>> {
    const sources = [...new Set([...(this.fallback ? [this.fallback] : []), ...this.perUnit.values()])];
    const failures: string[] = [];
    for (const source of sources) {
      const got = await source.get(traceId);
      if (got.status === 'ok' && got.value) return got;
      if (got.status === 'unknown') failures.push(`${got.tried}: ${got.reason}`);
    }
    if (failures.length > 0)
      return unknown(
        `trace ${traceId} not found where asked; ${failures.join('; ')}`,
        sources.map((s) => s.kind).join(', '),
      );
    return { status: 'ok', value: null };
  }
}

function routedKind(fallback: { kind: string } | undefined, perUnit: ReadonlyMap<string, { kind: string }>): string {
  const kinds = new Set([...(fallback ? [fallback.kind] : []), ...[...perUnit.values()].map((s) => s.kind)]);
  return [...kinds].join('+') || 'none';
}
