// A fake Grafana Tempo: GET /api/search with TraceQL checked by Grafana's own grammar
// (@grafana/lezer-traceql), and GET /api/v2/traces/{id} answering OTLP JSON. It evaluates the
// TraceQL a trace search uses (spansets of attribute, status and duration conditions joined by &&).
import { parser } from '@grafana/lezer-traceql';
import type { SyntaxNode } from '@lezer/common';
import type { SpanSummary } from '../../../tools/sources/evidence.js';
import type { FullTrace } from '../../evidence/helpers/sim-lines.js';
import {
  type FakeReply,
  type HttpFake,
  type HttpFakeOptions,
  type RecordedRequest,
  startHttpFake,
} from './http-fake.js';

type Cond =
  | { field: 'resource' | 'span' | 'any'; name: string; op: string; value: string }
  | { field: 'status'; op: string; value: string }
  | { field: 'traceDuration' | 'duration'; op: string; ms: number };

interface TempoSpan {
  resource: Record<string, string>;
  attributes: Record<string, string>;
  error: boolean;
  durationMs: number;
}

export function startFakeTempo(traces: readonly FullTrace[], options: HttpFakeOptions = {}): Promise<HttpFake> {
  return startHttpFake((req) => handle(req, traces), options);
}

function spansOf(t: FullTrace): TempoSpan[] {
  return t.trace.spans.map((s) => ({
    resource: { 'service.name': s.service, work_unit: t.summary.workUnit },
    attributes: s.attributes,
    error: s.error,
    durationMs: s.durationMs,
  }));
}

function handle(req: RecordedRequest, traces: readonly FullTrace[]): FakeReply {
  if (req.method !== 'GET') return { status: 405, body: null, text: 'method not allowed' };
  const get = /^\/api\/v2\/traces\/([^/]+)$/.exec(req.path);
  if (get) {
    const id = get[1]!.toLowerCase();
    if (!/^[0-9a-f]{1,32}$/.test(id)) return { status: 400, body: null, text: `invalid trace id: ${id}` };
    const t = traces.find((x) => x.summary.traceId === id.padStart(32, '0'));
    if (!t) return { status: 404, body: null, text: 'trace not found' };
    return { status: 200, body: { trace: otlp(t), status: 'complete' } };
  }
  if (req.path !== '/api/search') return { status: 404, body: null, text: '404 page not found' };
  const q = req.query.get('q');
  if (!q) return { status: 400, body: null, text: 'invalid TraceQL query: q is required' };
  const start = Number(req.query.get('start'));
  const end = Number(req.query.get('end'));
  if (!Number.isInteger(start) || !Number.isInteger(end) || end < start)
    return { status: 400, body: null, text: 'invalid start/end: unix seconds, start ≤ end' };
  const limit = Number(req.query.get('limit') ?? '20');
  if (!Number.isInteger(limit) || limit < 1) return { status: 400, body: null, text: 'invalid limit' };
  const spansets = parseTraceQL(q);
  if (typeof spansets === 'string') return { status: 400, body: null, text: spansets };
  const hits = traces
    .filter((t) => t.summary.startMs >= start * 1000 && t.summary.startMs <= end * 1000)
    .filter((t) => spansets.every((conds) => spansOf(t).some((s) => conds.every((c) => holds(c, s, t)))))
    .sort((a, b) => b.summary.startMs - a.summary.startMs)
    .slice(0, limit);
  return {
    status: 200,
    body: {
      traces: hits.map((t) => ({
        traceID: t.summary.traceId,
        rootServiceName: t.summary.rootService,
        rootTraceName: t.summary.rootName,
        startTimeUnixNano: String(BigInt(Math.round(t.summary.startMs * 1000)) * 1000n),
        durationMs: Math.round(t.summary.durationMs),
      })),
      metrics: { inspectedBytes: '1024', completedJobs: 1, totalJobs: 1 },
    },
  };
}

function holds(c: Cond, s: TempoSpan, t: FullTrace): boolean {
  if (c.field === 'status') return c.op === '=' ? (c.value === 'error') === s.error : (c.value === 'error') !== s.error;
  if (c.field === 'traceDuration' || c.field === 'duration') {
    const d = c.field === 'traceDuration' ? Math.round(t.summary.durationMs) : s.durationMs;
    return c.op === '>='
      ? d >= c.ms
      : c.op === '>'
        ? d > c.ms
        : c.op === '<'
          ? d < c.ms
          : c.op === '<='
            ? d <= c.ms
            : d === c.ms;
  }
  const a = c as Extract<Cond, { name: string }>;
  const value =
    a.field === 'resource'
      ? s.resource[a.name]
      : a.field === 'span'
        ? s.attributes[a.name]
        : (s.attributes[a.name] ?? s.resource[a.name]);
  return a.op === '=' ? value === a.value : value !== a.value;
}

/** Spansets of &&-joined conditions, or Tempo's 400 text. */
export function parseTraceQL(q: string): Cond[][] | string {
  const tree = parser.parse(q);
  let error: number | undefined;
  tree.iterate({
    enter(n) {
      if (n.type.isError && error === undefined) error = n.from;
    },
  });
  if (error !== undefined)
    return `invalid TraceQL query: parse error at line 1, col ${error + 1}: syntax error: unexpected ${JSON.stringify(q.slice(error, error + 10))}`;
  const text = (n: SyntaxNode) => q.slice(n.from, n.to);
  const spansets: Cond[][] = [];
  let unsupported: string | undefined;
  tree.iterate({
    enter(n) {
      if (n.name === 'Or' || n.name === 'Pipe' || n.name === 'Descendant' || n.name === 'Child' || n.name === 'Sibling')
        unsupported = n.name;
      if (n.name !== 'SpansetFilter') return undefined;
      const conds: Cond[] = [];
      const walk = (node: SyntaxNode) => {
        const op = node.getChild('FieldOp');
        if (op) {
          const [left, right] = node.getChildren('FieldExpression');
          const cond = leaf(left, text(op), right, text);
          if (typeof cond === 'string') unsupported = cond;
          else conds.push(cond);
          return;
        }
        for (const child of node.getChildren('FieldExpression')) walk(child);
      };
      const top = n.node.getChild('FieldExpression');
      if (top) walk(top);
      spansets.push(conds);
      return false;
    },
  });
  if (unsupported) return `fake Tempo: not supported by this fake: ${unsupported}`;
  return spansets;
}

function leaf(
  left: SyntaxNode | undefined,
  op: string,
  right: SyntaxNode | undefined,
  text: (n: SyntaxNode) => string,
): Cond | string {
  if (!left || !right) return 'a condition without two sides';
  const attr = left.getChild('AttributeField');
  const intrinsic = left.getChild('IntrinsicField');
  const stat = right.getChild('Static');
  if (!stat) return `right side ${text(right)}`;
  const literal = text(stat);
  if (attr) {
    const name = attr.getChild('Identifier');
    if (!stat.getChild('String')) return `attribute compared with a non-string ${literal}`;
    const field = attr.getChild('Resource') ? 'resource' : attr.getChild('Span') ? 'span' : 'any';
    return { field, name: name ? text(name) : '', op, value: JSON.parse(literal) as string };
  }
  if (intrinsic) {
    const name = text(intrinsic);
    if (name === 'status') return { field: 'status', op, value: literal };
    if (name === 'traceDuration' || name === 'duration') {
      const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/.exec(literal);
      if (!m) return `duration ${literal}`;
      const unit = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 }[m[2] as 'ms']!;
      return { field: name, op, ms: Number(m[1]) * unit };
    }
    return `intrinsic ${name}`;
  }
  return `left side ${text(left)}`;
}

/** The trace as OTLP JSON: one resourceSpans per service; ids hex, status code 2 for errors. */
function otlp(t: FullTrace) {
  const byService = new Map<string, SpanSummary[]>();
  for (const s of t.trace.spans) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  const ns = (ms: number) => String(BigInt(Math.round(ms * 1000)) * 1000n);
  return {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: service } },
          { key: 'work_unit', value: { stringValue: t.summary.workUnit } },
        ],
      },
      scopeSpans: [
        {
          scope: { name: 'fake' },
          spans: spans.map((s) => ({
            traceId: t.summary.traceId,
            spanId: s.spanId,
            name: s.name,
            kind: 'SPAN_KIND_SERVER',
            startTimeUnixNano: ns(s.startMs),
            endTimeUnixNano: ns(s.startMs + s.durationMs),
            attributes: Object.entries(s.attributes).map(([key, v]) => ({ key, value: { stringValue: v } })),
            status: s.error ? { code: 2, message: 'error' } : {},
          })),
        },
      ],
    })),
  };
}
