import { z } from 'zod';
import type { PromResult } from '../../prometheus/client.js';
import type { ToolDeps } from '../deps.js';
import {
  compactValue,
  DURATION,
  defaultStepMs,
  durationMs,
  formatDuration,
  MAX_RANGE_MS,
  MAX_SERIES,
  MIN_STEP_MS,
  minStepMs,
} from '../prometheus-bounds.js';
import { fail, iso, ok } from '../results.js';
import { defineTool } from '../types.js';

const value = z.number().nullable();
const output = z.object({
  query: z.string(),
  kind: z.enum(['instant', 'range']),
  start: z.string().optional(),
  end: z.string(),
  step: z.string().optional(),
  seriesCount: z.number(),
  series: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      /** [unix seconds, value] pairs. */
      points: z.array(z.tuple([z.number(), value])),
      summary: z.object({ min: value, max: value, mean: value, last: value }).optional(),
    }),
  ),
  truncated: z.string().optional(),
});

type Input = { query: string; range?: string | undefined; end?: string | undefined; step?: string | undefined };

export const queryPrometheusTool = defineTool({
  name: 'query_prometheus',
  description:
    "Runs a read-only PromQL query against the organisation's Prometheus: an instant query (omit range) or a range " +
    `query over the last "range" (at most 7d) ending at "end" (default now). At most ${MAX_SERIES} series come back ` +
    '(the result says when more matched: narrow with a label matcher, sum by (…) or topk) and at most 1,000 points per ' +
    'series (a step finer than range/1000 is refused). Range results carry min/max/mean/last per series. Values are in ' +
    "the metric's own units (rps, fractions 0..1, counts). Use it when the other tools do not cover a metric or a raw " +
    'time series is needed; prefer get_headroom / get_signals for the usual questions. Quote numbers from the result.',
  input: z.strictObject({
    query: z.string().min(1).max(2_000).describe("PromQL, e.g. 'sum by (work_unit) (headroom_load_rps)'."),
    range: z
      .string()
      .regex(DURATION, 'must be a duration like "30m", "6h" or "7d"')
      .optional()
      .describe('Look-back window ending at end, like "30m", "6h", "7d" (max 7d); omit for an instant query.'),
    end: z.iso
      .datetime({ offset: true, error: 'must be an ISO-8601 time like "2026-03-10T20:00:00Z"' })
      .optional()
      .describe('ISO-8601 end time (or instant), e.g. "2026-03-10T20:00:00Z"; default now.'),
    step: z
      .string()
      .regex(DURATION, 'must be a duration like "60s", "5m" or "1h"')
      .optional()
      .describe('Resolution of a range query, like "60s", "5m", "1h"; default range/1000 rounded up to a minute.'),
  }),
  output,
  readOnly: true,
  example: { query: 'sum by (work_unit) (headroom_load_rps)', range: '6h', step: '5m' },
  async run(input, deps) {
    if (!deps.prometheus) {
      return fail(
        'UNAVAILABLE',
        'no Prometheus is configured for this fleet (the fleet file has no prometheus section)',
        input,
        'Answer with get_headroom, get_signals, get_capacity_baseline or forecast_load instead, and say raw metrics are not available.',
      );
    }
    const nowMs = deps.now();
    const endMs = input.end ? Date.parse(input.end) : nowMs;
    if (endMs > nowMs) {
      return fail(
        'BAD_RANGE',
        `end ${iso(endMs)} is after now (${iso(nowMs)})`,
        input,
        'Omit end, or give a time in the past.',
      );
    }
    if (input.range === undefined) {
      if (input.step)
        return fail(
          'BAD_RANGE',
          'step needs a range',
          input,
          'Add range (e.g. "6h"), or drop step for an instant query.',
        );
      return instantQuery(deps.prometheus, input, endMs);
    }
    const rangeMs = durationMs(input.range);
    if (rangeMs > MAX_RANGE_MS || rangeMs === 0) {
      return fail(
        'BAD_RANGE',
        `range ${input.range} is ${rangeMs === 0 ? 'empty' : 'longer than the 7d allowed'}`,
        input,
        'Use a range from 1m to 7d; for longer trends use forecast_load or get_capacity_baseline, or query several 7d windows.',
      );
    }
    const stepMs = input.step ? durationMs(input.step) : defaultStepMs(rangeMs);
    if (stepMs < minStepMs(rangeMs)) {
      return fail(
        'BAD_RANGE',
        `step ${input.step} over ${input.range} gives ${Math.floor(rangeMs / stepMs) + 1} points per series; at most 1,000 allowed${
          stepMs < MIN_STEP_MS ? ` and the step must be at least ${formatDuration(MIN_STEP_MS)}` : ''
        }`,
        input,
        `Use step "${formatDuration(defaultStepMs(rangeMs))}" or coarser (or omit step), or a shorter range.`,
      );
    }
    const startMs = endMs - rangeMs;
    const got = await deps.prometheus.range(input.query, startMs, endMs, stepMs);
    if (!got.ok) return queryFailure(got, input);
    const series = got.data.map((s) => {
      const values = s.points.map((p) => p.value).filter(Number.isFinite);
      return {
        labels: s.labels,
        points: s.points.map((p): [number, number | null] => [p.atMs / 1000, compactValue(p.value)]),
        summary: {
          min: values.length ? compactValue(Math.min(...values)) : null,
          max: values.length ? compactValue(Math.max(...values)) : null,
          mean: values.length ? compactValue(values.reduce((a, b) => a + b, 0) / values.length) : null,
          last: values.length ? compactValue(values[values.length - 1]!) : null,
        },
      };
    });
    return ok({
      query: input.query,
      kind: 'range' as const,
      start: iso(startMs),
      end: iso(endMs),
      step: formatDuration(stepMs),
      ...bounded(series),
    });
  },
});

async function instantQuery(prometheus: NonNullable<ToolDeps['prometheus']>, input: Input, atMs: number) {
  const got = await prometheus.instant(input.query, atMs);
  if (!got.ok) return queryFailure(got, input);
  const series = got.data.map((s) => ({
    labels: s.labels,
    points: [[s.atMs / 1000, compactValue(s.value)] as [number, number | null]],
  }));
  return ok({ query: input.query, kind: 'instant' as const, end: iso(atMs), ...bounded(series) });
}

/** Keeps the first MAX_SERIES series in label order (stable between calls) and says what was left out. */
function bounded<T extends { labels: Record<string, string> }>(series: T[]) {
  const sorted = [...series].sort((a, b) => labelKey(a.labels).localeCompare(labelKey(b.labels)));
  if (sorted.length <= MAX_SERIES) return { seriesCount: series.length, series: sorted };
  return {
    seriesCount: series.length,
    series: sorted.slice(0, MAX_SERIES),
    truncated: `${series.length} series matched; only the first ${MAX_SERIES} in label order are shown. Narrow the query with a label matcher, sum by (…) or topk(${MAX_SERIES}, …).`,
  };
}

function labelKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/** Bad PromQL is the caller's to fix; anything else means Prometheus could not answer now. */
function queryFailure(got: Extract<PromResult<unknown>, { ok: false }>, input: Input) {
  const where = `${got.where}${got.range ? ` over ${got.range}` : ''}`;
  const badQuery = got.kind === 'bad_data' || /^HTTP (400|422)\b/.test(got.error);
  if (badQuery) {
    return fail(
      'INVALID_ARGUMENTS',
      `Prometheus refused the query (${where}): ${got.error}`,
      input,
      'Fix the PromQL; check metric and label names with a simple selector first, e.g. count by (__name__) ({__name__=~"headroom_.*"}).',
    );
  }
  return fail(
    'UNAVAILABLE',
    `Prometheus did not answer (${where}): ${got.kind}: ${got.error}`,
    input,
    'Try once more with a shorter range or a simpler query; otherwise answer from the other tools and say Prometheus was unavailable.',
  );
}
