// The Prometheus HTTP API (v1): instant queries, range queries and series look-ups. Every call
// returns a structured result naming the query, the range and what came back; nothing throws.
import { z } from 'zod';
import { getJson, type HttpTls } from './http-json.js';

export type Labels = Record<string, string>;
export interface InstantSample {
  labels: Labels;
  /** Evaluation time of the sample (seconds × 1000). */
  atMs: number;
  value: number;
}
export interface RangeSeries {
  labels: Labels;
  points: Array<{ atMs: number; value: number }>;
}

export type PromResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; kind: string; query: string; where: string; range?: string };

export interface PrometheusClientOptions {
  baseUrl: string;
  timeoutMs: number;
  headers?: Record<string, string>;
  tls?: HttpTls;
}

const sampleValue = z.tuple([z.number(), z.string()]);
const envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
});
const vectorData = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sampleValue })),
});
const matrixData = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(sampleValue) })),
});
const seriesData = z.array(z.record(z.string(), z.string()));

export class PrometheusClient {
  /** HTTP requests made so far (benchmarks report round trips per poll). */
  roundTrips = 0;
  private readonly base: URL;

  constructor(private readonly options: PrometheusClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  }

  async instant(query: string, atMs: number): Promise<PromResult<InstantSample[]>> {
    const params = { query, time: seconds(atMs), timeout: this.serverTimeout() };
    const where = `instant query at ${new Date(atMs).toISOString()}`;
    const got = await this.get('api/v1/query', params, query, where);
    if (!got.ok) return got;
    const parsed = vectorData.safeParse(got.data);
    if (!parsed.success) return this.malformed(query, where, 'an instant vector');
    return {
      ok: true,
      data: parsed.data.result.map((r) => ({ labels: r.metric, atMs: r.value[0] * 1000, value: Number(r.value[1]) })),
    };
  }

  async range(query: string, startMs: number, endMs: number, stepMs: number): Promise<PromResult<RangeSeries[]>> {
    const params = {
      query,
      start: seconds(startMs),
      end: seconds(endMs),
      step: seconds(stepMs),
      timeout: this.serverTimeout(),
    };
    const where = 'range query';
    const range = `${new Date(startMs).toISOString()} … ${new Date(endMs).toISOString()} step ${stepMs / 1000}s`;
    const got = await this.get('api/v1/query_range', params, query, where, range);
    if (!got.ok) return got;
    const parsed = matrixData.safeParse(got.data);
    if (!parsed.success) return this.malformed(query, where, 'a range matrix', range);
    return {
      ok: true,
      data: parsed.data.result.map((r) => ({
        labels: r.metric,
        points: r.values.map(([t, v]) => ({ atMs: Math.round(t * 1000), value: Number(v) })),
      })),
    };
  }

  /** Label sets of the series matching a selector in a time window. */
  async series(match: string, startMs: number, endMs: number): Promise<PromResult<Labels[]>> {
    const params = { 'match[]': match, start: seconds(startMs), end: seconds(endMs) };
    const got = await this.get('api/v1/series', params, match, 'series look-up');
    if (!got.ok) return got;
    const parsed = seriesData.safeParse(got.data);
    if (!parsed.success) return this.malformed(match, 'series look-up', 'a list of label sets');
    return { ok: true, data: parsed.data };
  }

  private async get(
    path: string,
    params: Record<string, string>,
    query: string,
    where: string,
    range?: string,
  ): Promise<PromResult<unknown>> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    this.roundTrips++;
    const res = await getJson(url, {
      timeoutMs: this.options.timeoutMs,
      ...(this.options.headers ? { headers: this.options.headers } : {}),
      ...(this.options.tls ? { tls: this.options.tls } : {}),
    });
    const fail = (kind: string, error: string): PromResult<never> => ({
      ok: false,
      kind,
      error,
      query,
      where: `${where} on ${this.base.origin}`,
      ...(range ? { range } : {}),
    });
    // Prometheus answers bad PromQL with 400 and a JSON error envelope: surface its message.
    const body = res.ok ? res.body : undefined;
    const env = envelope.safeParse(body);
    if (!res.ok) return fail(res.kind, res.error);
    if (!env.success) return fail('malformed', 'answer is not a Prometheus API envelope');
    if (env.data.status === 'error')
      return fail(env.data.errorType ?? 'error', env.data.error ?? 'Prometheus reported an error');
    return { ok: true, data: env.data.data };
  }

  private malformed(query: string, where: string, expected: string, range?: string): PromResult<never> {
    return {
      ok: false,
      kind: 'malformed',
      error: `answer is not ${expected}`,
      query,
      where: `${where} on ${this.base.origin}`,
      ...(range ? { range } : {}),
    };
  }

  /** Ask the server to give up a little before we do, so its error (not our timeout) comes back. */
  private serverTimeout(): string {
    return `${Math.max(100, Math.floor(this.options.timeoutMs * 0.9))}ms`;
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3).replace(/\.?0+$/, '');
}
