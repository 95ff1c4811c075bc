// A fake OpenSearch that speaks POST /<index>/_search and checks the Query DSL as the real parser
// does for the clauses a log search uses (bool.filter of term, terms, range, wildcard): an unknown
// key or a malformed clause gets OpenSearch's 400 parsing_exception. It evaluates them over its documents.
import type { LogLine } from '../../../tools/sources/evidence.js';
import {
  type FakeReply,
  type HttpFake,
  type HttpFakeOptions,
  type RecordedRequest,
  startHttpFake,
} from './http-fake.js';

export type Doc = Record<string, string>;

/** Documents as a log shipper writes them: @timestamp, work_unit, service, level, message (+ keyword copy). */
export function toDocs(lines: readonly LogLine[]): Doc[] {
  return lines.map((l) => ({
    '@timestamp': new Date(l.timeMs).toISOString(),
    work_unit: l.workUnit,
    service: l.service,
    level: l.level,
    message: l.message,
    pod: l.labels.pod ?? '',
  }));
}

export function startFakeOpenSearch(
  index: string,
  docs: readonly Doc[],
  options: HttpFakeOptions = {},
): Promise<HttpFake> {
  return startHttpFake((req) => handle(req, index, docs), options);
}

class ParseError extends Error {}

function handle(req: RecordedRequest, index: string, docs: readonly Doc[]): FakeReply {
  const m = /^\/([^/]+)\/_search$/.exec(req.path);
  if (req.method !== 'POST' || !m)
    return error(
      405,
      'illegal_argument_exception',
      `Incorrect HTTP method for uri [${req.path}] and method [${req.method}]`,
    );
  if (decodeURIComponent(m[1]!) !== index) return error(404, 'index_not_found_exception', `no such index [${m[1]}]`);
  if (!/^application\/json/.test(String(req.headers['content-type'])))
    return error(406, 'illegal_argument_exception', 'Content-Type header is not supported');
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body) as Record<string, unknown>;
  } catch {
    return error(400, 'json_parse_exception', 'Unexpected character in request body');
  }
  try {
    const allowed = ['size', 'from', 'sort', 'query', 'track_total_hits', 'timeout', '_source'];
    for (const k of Object.keys(body))
      if (!allowed.includes(k)) throw new ParseError(`request does not support [${k}]`);
    const size = body.size ?? 10;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0)
      throw new ParseError('[size] must be a non-negative integer');
    if (size > 10_000)
      return error(
        400,
        'illegal_argument_exception',
        'Result window is too large, from + size must be less than or equal to: [10000]',
      );
    if (body.timeout !== undefined && !/^\d+(ms|s|m)$/.test(String(body.timeout)))
      throw new ParseError(`failed to parse setting [timeout] with value [${body.timeout}]`);
    const track = body.track_total_hits ?? 10_000;
    if (typeof track !== 'number' && typeof track !== 'boolean')
      throw new ParseError('[track_total_hits] must be a boolean or an integer');
    const predicate = parseQuery(body.query);
    const sortField = parseSort(body.sort);
    const matched = docs
      .filter(predicate)
      .sort((a, b) => (sortField ? String(b[sortField]).localeCompare(String(a[sortField])) : 0));
    const cap = track === true ? Number.POSITIVE_INFINITY : track === false ? 0 : track;
    const total = Math.min(matched.length, cap);
    return {
      status: 200,
      body: {
        took: 3,
        timed_out: false,
        _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        hits: {
          total: { value: total, relation: matched.length > cap ? 'gte' : 'eq' },
          max_score: null,
          hits: matched
            .slice(0, size)
            .map((d, i) => ({
              _index: index,
              _id: String(i),
              _score: null,
              _source: d,
              sort: sortField ? [Date.parse(d[sortField]!)] : [],
            })),
        },
      },
    };
  } catch (err) {
    if (err instanceof ParseError) return error(400, 'parsing_exception', err.message);
    throw err;
  }
}

function error(status: number, type: string, reason: string): FakeReply {
  return { status, body: { error: { root_cause: [{ type, reason }], type, reason }, status } };
}

function one(clause: unknown, name: string): [string, unknown] {
  if (!clause || typeof clause !== 'object' || Array.isArray(clause))
    throw new ParseError(`[${name}] query malformed, no start_object after query name`);
  const entries = Object.entries(clause);
  if (entries.length !== 1)
    throw new ParseError(
      `[${name}] query doesn't support multiple fields, found [${entries.map(([k]) => k).join('] and [')}]`,
    );
  return entries[0]!;
}

type Predicate = (d: Doc) => boolean;

function parseQuery(query: unknown): Predicate {
  if (query === undefined) return () => true;
  const [kind, spec] = one(query, 'query');
  if (kind !== 'bool') return parseClause(kind, spec);
  if (!spec || typeof spec !== 'object') throw new ParseError('[bool] malformed query');
  const parts: Predicate[] = [];
  for (const [k, v] of Object.entries(spec as Record<string, unknown>)) {
    if (k !== 'filter' && k !== 'must') throw new ParseError(`[bool] query does not support [${k}]`);
    for (const c of Array.isArray(v) ? v : [v]) {
      const [ck, cv] = one(c, k);
      parts.push(parseClause(ck, cv));
    }
  }
  return (d) => parts.every((p) => p(d));
}

function parseClause(kind: string, spec: unknown): Predicate {
  switch (kind) {
    case 'term': {
      const [field, value] = one(spec, 'term');
      const v = value && typeof value === 'object' ? (value as { value?: unknown }).value : value;
      if (typeof v !== 'string') throw new ParseError('[term] query malformed, value must be a string');
      return (d) => d[field] === v;
    }
    case 'terms': {
      const [field, values] = one(spec, 'terms');
      if (!Array.isArray(values)) throw new ParseError(`[terms] query does not support [${field}] without an array`);
      return (d) => values.includes(d[field]);
    }
    case 'range': {
      const [field, bounds] = one(spec, 'range');
      const b = bounds as Record<string, unknown>;
      for (const k of Object.keys(b))
        if (!['gte', 'lte', 'gt', 'lt', 'format'].includes(k))
          throw new ParseError(`[range] query does not support [${k}]`);
      const ms = (x: unknown) => {
        const t = Date.parse(String(x));
        if (!Number.isFinite(t))
          throw new ParseError(`failed to parse date field [${x}] with format [strict_date_optional_time]`);
        return t;
      };
      const gte = b.gte === undefined ? -Infinity : ms(b.gte);
      const lte = b.lte === undefined ? Infinity : ms(b.lte);
      return (d) => Date.parse(d[field] ?? '') >= gte && Date.parse(d[field] ?? '') <= lte;
    }
    case 'wildcard': {
      const [field, spec2] = one(spec, 'wildcard');
      const w = spec2 as { value?: unknown; case_insensitive?: unknown };
      if (typeof w.value !== 'string') throw new ParseError('[wildcard] query malformed, no value');
      if (!field.endsWith('.keyword'))
        throw new ParseError(`fake OpenSearch: wildcard on analysed field [${field}] would match per token`);
      const re = wildcardRegex(w.value, w.case_insensitive === true);
      const source = field.slice(0, -'.keyword'.length);
      return (d) => re.test(d[source] ?? '');
    }
    default:
      throw new ParseError(`unknown query [${kind}]`);
  }
}

function parseSort(sort: unknown): string | undefined {
  if (sort === undefined) return undefined;
  if (!Array.isArray(sort) || sort.length !== 1) throw new ParseError('[sort] must be a list of one field here');
  const [field, spec] = one(sort[0], 'sort');
  if ((spec as { order?: unknown }).order !== 'desc' && (spec as { order?: unknown }).order !== 'asc')
    throw new ParseError('[sort] order must be asc or desc');
  return field;
}

/** Lucene wildcard: * any run, ? one char, \ escapes the next. */
function wildcardRegex(pattern: string, ci: boolean): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) out += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, ci ? 'i' : '');
}
