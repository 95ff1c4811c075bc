import { z } from 'zod';
import {
  clip,
  endField,
  evidenceWindow,
  notConfigured,
  sinceField,
  UNTRUSTED_NOTE,
  unknownResult,
} from '../evidence-window.js';
import { workUnitField } from '../fields.js';
import { checkWorkUnits, iso, ok } from '../results.js';
import { defineTool } from '../types.js';

const output = z.object({
  workUnit: z.string(),
  backend: z.string(),
  start: z.string(),
  end: z.string(),
  traces: z.array(
    z.object({
      traceId: z.string(),
      at: z.string(),
      rootService: z.string(),
      rootName: z.string(),
      durationMs: z.number(),
      error: z.boolean(),
    }),
  ),
  shown: z.number(),
  total: z.number().nullable(),
  truncated: z.string().optional(),
  untrusted: z.string(),
});

export const searchTracesTool = defineTool({
  name: 'search_traces',
  description:
    "Searches one work unit's distributed traces (Tempo, Jaeger or the simulated fleet) over a window ending at end " +
    '(default now), newest first: by service, minimum duration (ms), errors only and span attributes (e.g. ' +
    '{"http.status_code": "503"}). At most 50 traces (default 20), each with its id, root span, duration and error ' +
    'flag; the result says how many matched. Fetch one with get_trace to see its spans. Use it for "were requests ' +
    'slow in ap-south-1 at the peak". Quote numbers from the result.',
  input: z.strictObject({
    workUnit: workUnitField(),
    since: sinceField('15m'),
    end: endField(),
    service: z.string().min(1).max(100).optional().describe('Traces with a span of this service, e.g. "db-proxy".'),
    minDurationMs: z
      .number()
      .min(0)
      .max(3_600_000)
      .optional()
      .describe('Only traces at least this long (ms), e.g. 1000.'),
    errorsOnly: z.boolean().default(false).describe('Only traces with a failed span.'),
    attributes: z
      .record(z.string().min(1).max(100), z.string().max(200))
      .optional()
      .describe('Span attributes that must all match on one span, e.g. {"http.status_code": "503"}.'),
    limit: z.number().int().min(1).max(50).default(20).describe('Traces at most, newest first (1–50, default 20).'),
  }),
  output,
  readOnly: true,
  example: { workUnit: 'eu-west-1', since: '30m', errorsOnly: true },
  async run(input, deps) {
    const unknownUnit = checkWorkUnits(deps, [input.workUnit], input);
    if (unknownUnit) return unknownUnit;
    const traces = deps.evidence?.traces;
    if (!traces) return notConfigured('traces', input);
    const window = evidenceWindow(input, deps);
    if (!window.ok) return window.failure;
    const got = await traces.search({
      workUnit: input.workUnit,
      range: window.range,
      limit: input.limit,
      ...(input.service ? { service: input.service } : {}),
      ...(input.minDurationMs !== undefined ? { minDurationMs: input.minDurationMs } : {}),
      ...(input.errorsOnly ? { errorsOnly: true } : {}),
      ...(input.attributes ? { attributes: input.attributes } : {}),
    });
    if (got.status === 'unknown') return unknownResult('traces', got, input);
    return ok({
      workUnit: input.workUnit,
      backend: traces.kind,
      start: iso(window.range.startMs),
      end: iso(window.range.endMs),
      traces: got.value.map((t) => ({
        traceId: t.traceId,
        at: iso(t.startMs),
        rootService: t.rootService,
        rootName: clip(t.rootName),
        durationMs: Math.round(t.durationMs * 10) / 10,
        error: t.error,
      })),
      shown: got.value.length,
      total: got.truncated ? got.truncated.total : got.value.length,
      ...(got.truncated ? { truncated: got.truncated.hint } : {}),
      untrusted: UNTRUSTED_NOTE,
    });
  },
});
