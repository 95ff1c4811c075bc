// Client of the generic anomaly-detection API (contract in docs/telemetry.md): bounded retries
// with backoff on transient failures, a per-attempt timeout, and a circuit breaker around it all.
// Every failure comes back as a value saying what failed; nothing throws.
import { z } from 'zod';
import type { WorkUnitId } from '../../analytics/types.js';
import { getJson, type HttpJsonResult } from '../prometheus/http-json.js';
import { CircuitBreaker } from './circuit-breaker.js';

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 time');

export const unitStateSchema = z.object({
  workUnit: z.string().min(1),
  anomalous: z.boolean(),
  score: z.number().min(0).max(1),
  observedAt: isoTime,
  reason: z.string().optional(),
});
export const stateResponseSchema = z.object({ units: z.array(unitStateSchema) });
export const historyResponseSchema = z.object({
  workUnit: z.string().min(1),
  points: z.array(z.object({ at: isoTime, score: z.number().min(0).max(1), anomalous: z.boolean() })),
});

export type UnitState = z.infer<typeof unitStateSchema>;
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

export type ApiResult<T> = { ok: true; data: T; attempts: number } | { ok: false; error: string; attempts: number };

export interface AnomalyApiClientOptions {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  breaker: { failuresToOpen: number; cooldownMs: number };
  headers?: Record<string, string>;
  /** First backoff; doubled on each retry. */
  retryBaseMs?: number;
  now?: () => number;
}

export class AnomalyApiClient {
  readonly breaker: CircuitBreaker;
  private readonly base: URL;

  constructor(private readonly options: AnomalyApiClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.breaker = new CircuitBreaker({ ...options.breaker, ...(options.now ? { now: options.now } : {}) });
  }

  /** Current state of every unit the API knows. */
  state(): Promise<ApiResult<UnitState[]>> {
    return this.call(new URL('v1/units/state', this.base), (body) => {
      const parsed = stateResponseSchema.safeParse(body);
      return parsed.success ? { ok: true, data: parsed.data.units } : { ok: false, error: describe(parsed.error) };
    });
  }

  /** Scores of one unit over a range. */
  history(workUnit: WorkUnitId, fromMs: number, toMs: number): Promise<ApiResult<HistoryResponse>> {
    const url = new URL(`v1/units/${encodeURIComponent(workUnit)}/history`, this.base);
    url.searchParams.set('from', new Date(fromMs).toISOString());
    url.searchParams.set('to', new Date(toMs).toISOString());
    return this.call(url, (body) => {
      const parsed = historyResponseSchema.safeParse(body);
      if (!parsed.success) return { ok: false, error: describe(parsed.error) };
      if (parsed.data.workUnit !== workUnit)
        return { ok: false, error: `history is for "${parsed.data.workUnit}", not "${workUnit}"` };
      return { ok: true, data: parsed.data };
    });
  }

  private async call<T>(
    url: URL,
    validate: (body: unknown) => { ok: true; data: T } | { ok: false; error: string },
  ): Promise<ApiResult<T>> {
    const where = `GET ${url.pathname}`;
    if (!this.breaker.tryAcquire()) {
      const at = this.breaker.retryAtMs;
      return {
        ok: false,
        attempts: 0,
        error: `${where}: circuit open after ${this.breaker.consecutiveFailures} failed calls${at ? `; next try after ${new Date(at).toISOString()}` : ''}`,
      };
    }
    const maxAttempts = this.options.retries + 1;
    let last: HttpJsonResult | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      last = await getJson(url, {
        timeoutMs: this.options.timeoutMs,
        maxBytes: 16 * 1024 * 1024,
        ...(this.options.headers ? { headers: this.options.headers } : {}),
      });
      if (last.ok) {
        const checked = validate(last.body);
        // A malformed answer is the API's bug, not a blip: no retry, but it counts against the breaker.
        if (!checked.ok) {
          this.breaker.recordFailure();
          return { ok: false, attempts: attempt, error: `${where}: malformed answer: ${checked.error}` };
        }
        this.breaker.recordSuccess();
        return { ok: true, data: checked.data, attempts: attempt };
      }
      if (!transient(last) || attempt === maxAttempts) {
        this.breaker.recordFailure();
        return {
          ok: false,
          attempts: attempt,
          error: `${where}: ${last.error} (after ${attempt} attempt${attempt > 1 ? 's' : ''})`,
        };
      }
      await sleep((this.options.retryBaseMs ?? 100) * 2 ** (attempt - 1));
    }
    // Unreachable: the loop always returns.
    this.breaker.recordFailure();
    return { ok: false, attempts: maxAttempts, error: `${where}: ${last?.ok === false ? last.error : 'failed'}` };
  }
}

/** Timeouts, connection failures, 5xx and 429 may pass; other answers will not change on retry. */
function transient(result: Extract<HttpJsonResult, { ok: false }>): boolean {
  if (result.kind === 'timeout' || result.kind === 'network') return true;
  return result.kind === 'http' && (result.status === 429 || (result.status ?? 0) >= 500);
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
