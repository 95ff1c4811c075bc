// Grafana Loki behind the LogSource contract: LogQL over GET /loki/api/v1/query_range, newest
// first. Loki says nothing of the total, so one line more than asked tells whether lines were cut.
import type { EvidenceResult, LogLine, LogQuery, LogSource } from '../evidence.js';
import {
  LOG_NARROWING,
  logQueryProblem,
  MAX_EVIDENCE_LIMIT,
  normaliseLevel,
  truncation,
  unknown,
} from '../evidence-query.js';
import { type BackendConnection, describeRequest, type JsonRequest, requestJson } from '../http/request-json.js';
import { type LokiLabels, logqlFor } from './logql.js';

export const QUERY_RANGE_PATH = '/loki/api/v1/query_range';

interface LokiStream {
  stream: Record<string, string>;
  values: [string, string][];
}

export class LokiLogSource implements LogSource {
  readonly kind = 'loki';

  constructor(
    private readonly conn: BackendConnection,
    private readonly labels: LokiLabels,
  ) {}

  async search(query: LogQuery): Promise<EvidenceResult<LogLine[]>> {
    const logql = logqlFor(query, this.labels);
    const ask = Math.min(query.limit + 1, MAX_EVIDENCE_LIMIT);
    const req: JsonRequest = {
      method: 'GET',
      path: QUERY_RANGE_PATH,
      query: {
        query: logql,
        start: `${BigInt(Math.floor(query.range.startMs)) * 1_000_000n}`,
        end: `${BigInt(Math.floor(query.range.endMs)) * 1_000_000n + 999_999n}`,
        limit: String(ask),
        direction: 'backward',
      },
    };
    const tried = `${describeRequest('loki', req)} ${logql}`;
    const problem = logQueryProblem(query);
    if (problem) return unknown(problem, tried);
    const reply = await requestJson(this.conn, req);
    if (!reply.ok) return unknown(`${reply.kind}: ${reply.error}`, tried);
    const streams = streamsOf(reply.body);
    if (typeof streams === 'string') return unknown(`malformed reply: ${streams}`, tried);

    const lines: LogLine[] = [];
    for (const s of streams) {
      const {
        [this.labels.workUnit]: unit,
        [this.labels.service]: service,
        [this.labels.level]: level,
        ...rest
      } = s.stream;
      for (const [ns, message] of s.values) {
        lines.push({
          timeMs: Number(BigInt(ns) / 1_000_000n),
          workUnit: unit ?? query.workUnit,
          service: service ?? '',
          level: normaliseLevel(level),
          message,
          labels: { ...(service === undefined ? {} : { service }), ...rest },
        });
      }
    }
    lines.sort((a, b) => b.timeMs - a.timeMs);
    const shown = lines.slice(0, query.limit);
    const cut = lines.length > query.limit || (lines.length >= ask && ask === query.limit);
    if (!cut) return { status: 'ok', value: shown };
    return { status: 'ok', value: shown, truncated: truncation(shown.length, null, 'lines', LOG_NARROWING) };
  }
}

function streamsOf(body: unknown): LokiStream[] | string {
  const b = body as { status?: unknown; data?: { resultType?: unknown; result?: unknown } } | null;
  if (!b || b.status !== 'success') return `status is ${JSON.stringify(b?.status)}, not "success"`;
  if (b.data?.resultType !== 'streams') return `resultType is ${JSON.stringify(b.data?.resultType)}, not "streams"`;
  if (!Array.isArray(b.data.result)) return 'data.result is not a list';
  for (const s of b.data.result as LokiStream[]) {
    if (!s || typeof s.stream !== 'object' || !Array.isArray(s.values)) return 'a stream lacks stream or values';
    for (const v of s.values) {
      if (!Array.isArray(v) || typeof v[0] !== 'string' || !/^\d+$/.test(v[0]) || typeof v[1] !== 'string')
        return 'a value is not ["<unix ns>", "<line>"]';
    }
  }
  return b.data.result as LokiStream[];
}
