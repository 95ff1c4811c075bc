// OpenSearch / Elasticsearch behind the LogSource contract: POST /<index>/_search with the Query
// DSL. Both count hits, so a cut answer says how many matched (or "at least" past the cap).
import type { EvidenceResult, LogLine, LogQuery, LogSource } from '../evidence.js';
import { LOG_NARROWING, logQueryProblem, normaliseLevel, truncation, unknown } from '../evidence-query.js';
import { type BackendConnection, describeRequest, type JsonRequest, requestJson } from '../http/request-json.js';
import { type OpenSearchFields, searchBody } from './query-dsl.js';

interface Hit {
  _id?: string;
  _source?: Record<string, unknown>;
}

export class OpenSearchLogSource implements LogSource {
  readonly kind = 'opensearch';

  constructor(
    private readonly conn: BackendConnection,
    private readonly index: string,
    private readonly fields: OpenSearchFields,
  ) {}

  async search(query: LogQuery): Promise<EvidenceResult<LogLine[]>> {
    const req: JsonRequest = {
      method: 'POST',
      path: `/${encodeURIComponent(this.index).replace(/%2A/g, '*').replace(/%2C/g, ',')}/_search`,
      body: searchBody(query, this.fields, query.limit, Math.max(100, this.conn.timeoutMs - 100)),
    };
    const tried = describeRequest('opensearch', req);
    const problem = logQueryProblem(query);
    if (problem) return unknown(problem, tried);
    const reply = await requestJson(this.conn, req);
    if (!reply.ok) return unknown(`${reply.kind}: ${openSearchReason(reply.error)}`, tried);
    const body = reply.body as {
      timed_out?: unknown;
      hits?: { total?: { value?: unknown; relation?: unknown }; hits?: unknown };
    };
    if (body?.timed_out === true)
      return unknown('OpenSearch timed out before searching every shard (partial results withheld)', tried);
    const hits = body?.hits?.hits;
    const total = body?.hits?.total;
    if (!Array.isArray(hits) || typeof total?.value !== 'number')
      return unknown('malformed reply: no hits.hits list or hits.total.value', tried);

    const lines: LogLine[] = [];
    for (const hit of hits as Hit[]) {
      const line = this.lineOf(hit, query.workUnit);
      if (typeof line === 'string') return unknown(`malformed reply: ${line}`, tried);
      lines.push(line);
    }
    lines.sort((a, b) => b.timeMs - a.timeMs);
    const exact = total.relation !== 'gte';
    if (lines.length >= total.value && exact) return { status: 'ok', value: lines };
    return {
      status: 'ok',
      value: lines,
      truncated: truncation(lines.length, exact ? total.value : null, 'lines', LOG_NARROWING, total.value),
    };
  }

  private lineOf(hit: Hit, workUnit: string): LogLine | string {
    const src = hit._source;
    if (!src || typeof src !== 'object') return `hit ${hit._id ?? '?'} has no _source`;
    const f = this.fields;
    const time = get(src, f.time);
    const timeMs = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : Number.NaN;
    if (!Number.isFinite(timeMs)) return `hit ${hit._id ?? '?'} has no readable ${f.time}`;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(src)) {
      if (
        ![f.time, f.workUnit, f.service, f.level, f.message].includes(k) &&
        (typeof v === 'string' || typeof v === 'number')
      )
        labels[k] = String(v);
    }
    return {
      timeMs,
      workUnit: String(get(src, f.workUnit) ?? workUnit),
      service: String(get(src, f.service) ?? ''),
      level: normaliseLevel(String(get(src, f.level) ?? '')),
      message: String(get(src, f.message) ?? ''),
      labels,
    };
  }
}

/** A dotted field path into a source document (both "a.b" keys and nested objects). */
function get(src: Record<string, unknown>, path: string): unknown {
  if (path in src) return src[path];
  let v: unknown = src;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/** OpenSearch's error JSON says what was wrong in error.reason; keep that, not the whole body. */
function openSearchReason(error: string): string {
  const json = error.indexOf('{');
  if (json < 0) return error;
  try {
    const parsed = JSON.parse(error.slice(json).replace(/…$/, '')) as { error?: { type?: string; reason?: string } };
    if (parsed.error?.reason) return `${error.slice(0, json)}${parsed.error.type}: ${parsed.error.reason}`;
  } catch {
    // cut off or not JSON: keep the text
  }
  return error;
}
