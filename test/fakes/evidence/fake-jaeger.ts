// A fake Jaeger query service: GET /api/traces (service required; start/end in µs; limit;
// minDuration/maxDuration as Go durations; tags as a JSON object) and GET /api/traces/{id}, with
// the memory store's semantics: a trace matches when one span of the service has every tag (on the
// span or its process) and the duration. Bad parameters get Jaeger's 400 {"errors":[…]}.
import type { FullTrace } from '../../evidence/helpers/sim-lines.js';
import {
  type FakeReply,
  type HttpFake,
  type HttpFakeOptions,
  type RecordedRequest,
  startHttpFake,
} from './http-fake.js';

export function startFakeJaeger(traces: readonly FullTrace[], options: HttpFakeOptions = {}): Promise<HttpFake> {
  return startHttpFake((req) => handle(req, traces), options);
}

const bad = (msg: string): FakeReply => ({
  status: 400,
  body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg }] },
});

function goDurationUs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * { ns: 1e-3, us: 1, µs: 1, ms: 1e3, s: 1e6, m: 6e7, h: 3.6e9 }[m[2] as 'ms']!;
}

function handle(req: RecordedRequest, traces: readonly FullTrace[]): FakeReply {
  if (req.method !== 'GET') return { status: 405, body: null, text: 'method not allowed' };
  const one = /^\/api\/traces\/([^/]+)$/.exec(req.path);
  if (one) {
    const id = one[1]!.toLowerCase();
    const t = traces.find((x) => x.summary.traceId === id.padStart(32, '0'));
    if (!t)
      return {
        status: 404,
        body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] },
      };
    return { status: 200, body: { data: [jaegerTrace(t)], total: 0, limit: 0, offset: 0, errors: null } };
  }
  if (req.path !== '/api/traces') return { status: 404, body: null, text: '404 page not found' };
  const service = req.query.get('service');
  if (!service) return bad("parameter 'service' is required");
  const start = Number(req.query.get('start'));
  const end = Number(req.query.get('end'));
  if (!Number.isInteger(start) || !Number.isInteger(end))
    return bad("unable to parse param 'start' or 'end': expected unix microseconds");
  const limit = Number(req.query.get('limit') ?? '20');
  if (!Number.isInteger(limit) || limit < 0) return bad("unable to parse param 'limit'");
  const minRaw = req.query.get('minDuration');
  const minUs = minRaw === null ? 0 : goDurationUs(minRaw);
  if (minUs === undefined) return bad(`unable to parse param 'minDuration': time: invalid duration "${minRaw}"`);
  let tags: Record<string, string> = {};
  const tagsRaw = req.query.get('tags');
  if (tagsRaw !== null) {
    try {
      tags = JSON.parse(tagsRaw) as Record<string, string>;
    } catch {
      return bad("malformed 'tags' parameter, expecting JSON object");
    }
    if (typeof tags !== 'object' || Array.isArray(tags) || Object.values(tags).some((v) => typeof v !== 'string'))
      return bad("malformed 'tags' parameter, expecting string values");
  }
  const hits = traces
    .filter((t) => {
      const jt = jaegerTrace(t);
      return jt.spans.some((s) => {
        if (s.startTime < start || s.startTime > end) return false;
        const process = jt.processes[s.processID]!;
        if (process.serviceName !== service || s.duration < minUs) return false;
        return Object.entries(tags).every(([k, v]) =>
          [...s.tags, ...process.tags].some((tag) => tag.key === k && String(tag.value) === v),
        );
      });
    })
    .sort((a, b) => b.summary.startMs - a.summary.startMs)
    .slice(0, limit || 20);
  return { status: 200, body: { data: hits.map(jaegerTrace), total: 0, limit: 0, offset: 0, errors: null } };
}

function jaegerTrace(t: FullTrace) {
  const services = [...new Set(t.trace.spans.map((s) => s.service))];
  const root = t.trace.spans[0]!;
  return {
    traceID: t.summary.traceId,
    spans: t.trace.spans.map((s) => ({
      traceID: t.summary.traceId,
      spanID: s.spanId,
      operationName: s.name,
      references: s === root ? [] : [{ refType: 'CHILD_OF', traceID: t.summary.traceId, spanID: root.spanId }],
      startTime: Math.round(s.startMs * 1000),
      duration: Math.round(s.durationMs * 1000),
      tags: [
        ...Object.entries(s.attributes).map(([key, value]) => ({ key, type: 'string', value })),
        ...(s.error ? [{ key: 'error', type: 'bool', value: true }] : []),
      ],
      processID: `p${services.indexOf(s.service) + 1}`,
    })),
    processes: Object.fromEntries(
      services.map((service, i) => [
        `p${i + 1}`,
        { serviceName: service, tags: [{ key: 'work_unit', type: 'string', value: t.summary.workUnit }] },
      ]),
    ),
    warnings: null,
  };
}
