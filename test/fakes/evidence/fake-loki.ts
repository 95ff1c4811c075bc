// A fake Grafana Loki that speaks GET /loki/api/v1/query_range and checks every query with Grafana's
// own LogQL grammar (@grafana/lezer-logql): a query the real Loki would refuse gets Loki's 400.
// It evaluates the part of LogQL a log search uses (stream matchers, line filters) over lines it holds.
import { parser } from '@grafana/lezer-logql';
import type { SyntaxNode } from '@lezer/common';
import type { LogLine } from '../../../tools/sources/evidence.js';
import {
  type FakeReply,
  type HttpFake,
  type HttpFakeOptions,
  type RecordedRequest,
  startHttpFake,
} from './http-fake.js';

const MAX_ENTRIES = 5_000;

type Matcher = { label: string; op: '=' | '!=' | '=~' | '!~'; value: string };
type LineFilter = { op: '|=' | '!=' | '|~' | '!~'; value: string };

export interface LokiStreamLine {
  labels: Record<string, string>;
  timeNs: bigint;
  line: string;
}

/** Loki holds streams of labels; a simulated line's unit, service and level become labels. */
export function toLokiLines(lines: readonly LogLine[]): LokiStreamLine[] {
  return lines.map((l) => ({
    labels: { work_unit: l.workUnit, level: l.level, ...l.labels, service: l.service },
    timeNs: BigInt(l.timeMs) * 1_000_000n,
    line: l.message,
  }));
}

export function startFakeLoki(lines: readonly LokiStreamLine[], options: HttpFakeOptions = {}): Promise<HttpFake> {
  return startHttpFake((req) => handle(req, lines), options);
}

function handle(req: RecordedRequest, lines: readonly LokiStreamLine[]): FakeReply {
  if (req.method !== 'GET' || req.path !== '/loki/api/v1/query_range')
    return { status: 404, body: null, text: '404 page not found' };
  const query = req.query.get('query');
  if (!query) return bad('query parameter is required');
  const start = nanos(req.query.get('start'));
  const end = nanos(req.query.get('end'));
  if (start === undefined || end === undefined) return bad('start and end must be unix nanoseconds');
  if (end < start) return bad('end timestamp must not be before or equal to start time');
  const limit = Number(req.query.get('limit') ?? '100');
  if (!Number.isInteger(limit) || limit <= 0) return bad('limit must be a positive integer');
  if (limit > MAX_ENTRIES)
    return bad(`max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${MAX_ENTRIES})`);
  const direction = req.query.get('direction') ?? 'backward';
  if (direction !== 'backward' && direction !== 'forward') return bad(`invalid direction "${direction}"`);

  const parsed = parseLogQuery(query);
  if (typeof parsed === 'string') return bad(parsed);
  const { matchers, filters } = parsed;
  if (!matchers.some((m) => !matches(m, ''))) {
    return bad(
      'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value',
    );
  }
  const picked = lines
    .filter((l) => l.timeNs >= start && l.timeNs <= end)
    .filter((l) => matchers.every((m) => matches(m, l.labels[m.label] ?? '')))
    .filter((l) => filters.every((f) => lineMatches(f, l.line)))
    .sort((a, b) => (direction === 'backward' ? Number(b.timeNs - a.timeNs) : Number(a.timeNs - b.timeNs)))
    .slice(0, limit);
  const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
  for (const l of picked) {
    const key = JSON.stringify(Object.entries(l.labels).sort());
    let s = streams.get(key);
    if (!s) {
      s = { stream: l.labels, values: [] };
      streams.set(key, s);
    }
    s.values.push([String(l.timeNs), l.line]);
  }
  return {
    status: 200,
    body: {
      status: 'success',
      data: {
        resultType: 'streams',
        result: [...streams.values()],
        stats: { summary: { totalEntriesReturned: picked.length } },
      },
    },
  };
}

function bad(message: string): FakeReply {
  return { status: 400, body: null, text: message };
}

function nanos(text: string | null): bigint | undefined {
  return text && /^\d+$/.test(text) ? BigInt(text) : undefined;
}

/** Parses with Grafana's grammar; a syntax error is reported as Loki does (position and text). */
export function parseLogQuery(query: string): { matchers: Matcher[]; filters: LineFilter[] } | string {
  const tree = parser.parse(query);
  let error: number | undefined;
  tree.iterate({
    enter(n) {
      if (n.type.isError && error === undefined) error = n.from;
    },
  });
  if (error !== undefined)
    return `parse error at line 1, col ${error + 1}: syntax error: unexpected ${JSON.stringify(query.slice(error, error + 10))}`;
  const top = tree.topNode.firstChild?.firstChild;
  if (top?.name !== 'LogExpr')
    return 'invalid query: query_range for logs needs a log query (a stream selector and line filters)';
  const matchers: Matcher[] = [];
  const filters: LineFilter[] = [];
  const text = (n: SyntaxNode) => query.slice(n.from, n.to);
  let unsupported: string | undefined;
  tree.iterate({
    enter(n) {
      if (n.name === 'Matcher') {
        const label = n.node.getChild('Identifier');
        const str = n.node.getChild('String');
        const op = n.node.getChild('Eq') ?? n.node.getChild('Neq') ?? n.node.getChild('Re') ?? n.node.getChild('Nre');
        if (label && str && op)
          matchers.push({ label: text(label), op: text(op) as Matcher['op'], value: goString(text(str)) });
        return false;
      }
      if (n.name === 'LineFilter') {
        const op = n.node.getChild('Filter');
        const str = n.node.getChild('String');
        if (op && str) filters.push({ op: text(op) as LineFilter['op'], value: goString(text(str)) });
        return false;
      }
      if (n.name === 'PipelineStage' && !n.node.getChild('LineFilters')) unsupported = text(n.node);
      return undefined;
    },
  });
  if (unsupported) return `fake Loki: pipeline stage not supported by this fake: ${unsupported}`;
  return { matchers, filters };
}

function goString(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  return JSON.parse(literal) as string;
}

/** RE2 as JS: a leading (?i) becomes the i flag; Loki anchors label regexes, not line regexes. */
function re2(pattern: string, anchored: boolean): RegExp {
  const ci = pattern.startsWith('(?i)');
  const body = ci ? pattern.slice(4) : pattern;
  return new RegExp(anchored ? `^(?:${body})$` : body, ci ? 'i' : '');
}

function matches(m: Matcher, value: string): boolean {
  if (m.op === '=') return value === m.value;
  if (m.op === '!=') return value !== m.value;
  const hit = re2(m.value, true).test(value);
  return m.op === '=~' ? hit : !hit;
}

function lineMatches(f: LineFilter, line: string): boolean {
  if (f.op === '|=') return line.includes(f.value);
  if (f.op === '!=') return !line.includes(f.value);
  const hit = re2(f.value, false).test(line);
  return f.op === '|~' ? hit : !hit;
}
