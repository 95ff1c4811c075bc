// Grafana Tempo behind the TraceSource contract: TraceQL over GET /api/search, one trace over
// GET /api/v2/traces/{id}. Tempo's search results carry no error flag, so a second search with
// `{ status = error }` tells which of the traces failed (one search when only errors are asked).
import type { EvidenceResult, Trace, TraceQuery, TraceSource, TraceSummary } from '../evidence.js';
import { MAX_EVIDENCE_LIMIT, TRACE_NARROWING, traceQueryProblem, truncation, unknown } from '../evidence-query.js';
import { type BackendConnection, describeRequest, type JsonRequest, requestJson } from '../http/request-json.js';
import { traceFromOtlp } from './otlp.js';
import { type TempoAttributes, traceqlFor } from './traceql.js';

interface TempoTrace {
  traceID: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano: string;
  durationMs?: number;
}

export class TempoTraceSource implements TraceSource {
  readonly kind = 'tempo';

  constructor(
    private readonly conn: BackendConnection,
    private readonly names: TempoAttributes,
  ) {}

  async search(query: TraceQuery): Promise<EvidenceResult<TraceSummary[]>> {
    const problem = traceQueryProblem(query);
    const ask = Math.min(query.limit + 1, MAX_EVIDENCE_LIMIT);
    const traceql = traceqlFor(query, this.names);
    const tried =
      `${describeRequest('tempo', { method: 'GET', path: '/api/search' })} ${typeof traceql === 'string' ? traceql : ''}`.trim();
    if (problem) return unknown(problem, tried);
    if (typeof traceql !== 'string') return unknown(traceql.problem, tried);
    const all = await this.searchOnce(traceql, query, ask);
    if (typeof all === 'string') return unknown(all, tried);
    let errors: Set<string>;
    if (query.errorsOnly) {
      errors = new Set(all.map((t) => t.traceID));
    } else {
      const failed = await this.searchOnce(traceqlFor(query, this.names, true) as string, query, ask);
      if (typeof failed === 'string') return unknown(`error flags: ${failed}`, tried);
      errors = new Set(failed.map((t) => t.traceID));
    }
    const summaries = all
      .map(
        (t): TraceSummary => ({
          traceId: t.traceID.toLowerCase().padStart(32, '0'),
          workUnit: query.workUnit,
          rootService: t.rootServiceName ?? '',
          rootName: t.rootTraceName ?? '',
          startMs: Number(BigInt(t.startTimeUnixNano) / 1_000n) / 1_000,
          durationMs: t.durationMs ?? 0,
          error: errors.has(t.traceID),
        }),
      )
      .sort((a, b) => b.startMs - a.startMs);
    const shown = summaries.slice(0, query.limit);
    if (summaries.length <= query.limit && !(ask === query.limit && all.length >= ask))
      return { status: 'ok', value: shown };
    return { status: 'ok', value: shown, truncated: truncation(shown.length, null, 'traces', TRACE_NARROWING) };
  }

  async get(traceId: string): Promise<EvidenceResult<Trace | null>> {
    const req: JsonRequest = { method: 'GET', path: `/api/v2/traces/${encodeURIComponent(traceId)}` };
    const tried = describeRequest('tempo', req);
    if (!/^[0-9a-f]{1,32}$/i.test(traceId)) return { status: 'ok', value: null };
    const reply = await requestJson(this.conn, req);
    if (!reply.ok && reply.status === 404) return { status: 'ok', value: null };
    if (!reply.ok) return unknown(`${reply.kind}: ${reply.error}`, tried);
    const trace = traceFromOtlp(traceId.toLowerCase(), reply.body);
    if (typeof trace === 'string') return unknown(`malformed reply: ${trace}`, tried);
    if (trace.spans.length === 0) return { status: 'ok', value: null };
    return { status: 'ok', value: { traceId: trace.traceId, spans: trace.spans } };
  }

  private async searchOnce(traceql: string, query: TraceQuery, limit: number): Promise<TempoTrace[] | string> {
    const reply = await requestJson(this.conn, {
      method: 'GET',
      path: '/api/search',
      query: {
        q: traceql,
        start: String(Math.floor(query.range.startMs / 1000)),
        end: String(Math.ceil(query.range.endMs / 1000)),
        limit: String(limit),
      },
    });
    if (!reply.ok) return `${reply.kind}: ${reply.error}`;
    const traces = (reply.body as { traces?: unknown } | null)?.traces;
    if (!Array.isArray(traces)) return 'malformed reply: no traces list';
    for (const t of traces as TempoTrace[]) {
      if (typeof t?.traceID !== 'string' || !/^\d+$/.test(String(t.startTimeUnixNano)))
        return 'malformed reply: a trace lacks traceID or startTimeUnixNano';
    }
    // Tempo's range is whole seconds: keep what lies in the asked range exactly.
    return (traces as TempoTrace[]).filter((t) => {
      const startMs = Number(BigInt(t.startTimeUnixNano) / 1_000_000n);
      return startMs >= Math.floor(query.range.startMs) && startMs <= query.range.endMs;
    });
  }
}
