// Jaeger behind the TraceSource contract: its HTTP query API (GET /api/traces with service, tags,
// minDuration, µs bounds; GET /api/traces/{id}). Jaeger needs a service: without one in the query
// the configured entry service is asked, whose root span covers the whole request.
import type { EvidenceResult, SpanSummary, Trace, TraceQuery, TraceSource, TraceSummary } from '../evidence.js';
import { MAX_EVIDENCE_LIMIT, TRACE_NARROWING, traceQueryProblem, truncation, unknown } from '../evidence-query.js';
import { type BackendConnection, describeRequest, type JsonRequest, requestJson } from '../http/request-json.js';

export interface JaegerNames {
  /** Process tag naming the work unit. */
  workUnitTag: string;
  /** Service asked when the query names none (the one whose spans start requests). */
  entryService: string;
}

interface JaegerTag {
  key: string;
  value: unknown;
}

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: { refType: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags?: JaegerTag[];
  processID: string;
}

interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags?: JaegerTag[] }>;
}

export class JaegerTraceSource implements TraceSource {
  readonly kind = 'jaeger';

  constructor(
    private readonly conn: BackendConnection,
    private readonly names: JaegerNames,
  ) {}

  async search(query: TraceQuery): Promise<EvidenceResult<TraceSummary[]>> {
    const tags: Record<string, string> = { [this.names.workUnitTag]: query.workUnit, ...(query.attributes ?? {}) };
    if (query.errorsOnly) tags.error = 'true';
    const ask = Math.min(query.limit + 1, MAX_EVIDENCE_LIMIT);
    const req: JsonRequest = {
      method: 'GET',
      path: '/api/traces',
      query: {
        service: query.service ?? this.names.entryService,
        start: String(Math.floor(query.range.startMs) * 1000),
        end: String(Math.ceil(query.range.endMs) * 1000 + 999),
        limit: String(ask),
        tags: JSON.stringify(tags),
        ...(query.minDurationMs !== undefined ? { minDuration: `${Math.ceil(query.minDurationMs * 1000)}us` } : {}),
      },
    };
    const tried = `${describeRequest('jaeger', req)} service=${req.query!.service} tags=${req.query!.tags}`;
    const problem = traceQueryProblem(query);
    if (problem) return unknown(problem, tried);
    const reply = await requestJson(this.conn, req);
    if (!reply.ok) return unknown(`${reply.kind}: ${jaegerReason(reply.error)}`, tried);
    const traces = tracesOf(reply.body);
    if (typeof traces === 'string') return unknown(`malformed reply: ${traces}`, tried);
    const summaries = traces
      .map((t) => summaryOf(t, query.workUnit, this.names.workUnitTag))
      .filter((s) => query.minDurationMs === undefined || s.durationMs >= query.minDurationMs)
      .sort((a, b) => b.startMs - a.startMs);
    const shown = summaries.slice(0, query.limit);
    if (traces.length <= query.limit && !(ask === query.limit && traces.length >= ask))
      return { status: 'ok', value: shown };
    return { status: 'ok', value: shown, truncated: truncation(shown.length, null, 'traces', TRACE_NARROWING) };
  }

  async get(traceId: string): Promise<EvidenceResult<Trace | null>> {
    const req: JsonRequest = { method: 'GET', path: `/api/traces/${encodeURIComponent(traceId)}` };
    const tried = describeRequest('jaeger', req);
    if (!/^[0-9a-f]{1,32}$/i.test(traceId)) return { status: 'ok', value: null };
    const reply = await requestJson(this.conn, req);
    if (!reply.ok && reply.status === 404) return { status: 'ok', value: null };
    if (!reply.ok) return unknown(`${reply.kind}: ${jaegerReason(reply.error)}`, tried);
    const traces = tracesOf(reply.body);
    if (typeof traces === 'string') return unknown(`malformed reply: ${traces}`, tried);
    const t = traces[0];
    if (!t) return { status: 'ok', value: null };
    return {
      status: 'ok',
      value: { traceId: t.traceID.toLowerCase().padStart(32, '0'), spans: t.spans.map((s) => spanOf(t, s)) },
    };
  }
}

function tagValue(tags: JaegerTag[] | undefined, key: string): string | undefined {
  const t = tags?.find((x) => x.key === key);
  return t === undefined ? undefined : String(t.value);
}

function spanOf(t: JaegerTrace, s: JaegerSpan): SpanSummary {
  return {
    spanId: s.spanID,
    service: t.processes[s.processID]?.serviceName ?? '',
    name: s.operationName,
    startMs: s.startTime / 1000,
    durationMs: s.duration / 1000,
    error: tagValue(s.tags, 'error') === 'true',
    attributes: Object.fromEntries(
      (s.tags ?? []).filter((x) => x.key !== 'error').map((x) => [x.key, String(x.value)]),
    ),
  };
}

function summaryOf(t: JaegerTrace, workUnit: string, workUnitTag: string): TraceSummary {
  const root = t.spans.find((s) => !s.references?.some((r) => r.refType === 'CHILD_OF')) ?? t.spans[0]!;
  const rootSpan = spanOf(t, root);
  return {
    traceId: t.traceID.toLowerCase().padStart(32, '0'),
    workUnit: tagValue(t.processes[root.processID]?.tags, workUnitTag) ?? workUnit,
    rootService: rootSpan.service,
    rootName: rootSpan.name,
    startMs: rootSpan.startMs,
    durationMs: rootSpan.durationMs,
    error: t.spans.some((s) => tagValue(s.tags, 'error') === 'true'),
  };
}

function tracesOf(body: unknown): JaegerTrace[] | string {
  const b = body as { data?: unknown; errors?: unknown } | null;
  if (!b || !Array.isArray(b.data)) return 'no data list';
  for (const t of b.data as JaegerTrace[]) {
    if (
      typeof t?.traceID !== 'string' ||
      !Array.isArray(t.spans) ||
      t.spans.length === 0 ||
      typeof t.processes !== 'object'
    )
      return 'a trace lacks traceID, spans or processes';
    for (const s of t.spans)
      if (typeof s.startTime !== 'number' || typeof s.duration !== 'number')
        return `span ${s.spanID} lacks startTime or duration`;
  }
  return b.data as JaegerTrace[];
}

/** Jaeger's errors come as {"errors":[{"code":400,"msg":"…"}]}: keep the message. */
function jaegerReason(error: string): string {
  const m = /"msg":"((?:[^"\\]|\\.)*)"/.exec(error);
  return m ? `${error.slice(0, error.indexOf(':') + 1)} ${JSON.parse(`"${m[1]}"`)}` : error;
}
