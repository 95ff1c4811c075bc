import { z } from 'zod';
import { findNamedQuery, NAMED_QUERIES } from '../../warehouse/named-queries.js';
import { checkWorkUnits, fail, ok } from '../results.js';
import { defineTool } from '../types.js';

const MAX_ROWS = 400;
const MAX_BYTES = 64 * 1024;
const DAY_MS = 86_400_000;
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day like "2025-03-01"')
  .refine((d) => Number.isFinite(Date.parse(`${d}T00:00:00Z`)), 'must be a real calendar day');

const output = z.object({
  query: z.string(),
  description: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  backend: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  shown: z.number(),
  truncated: z.string().optional(),
});

const names = NAMED_QUERIES.map((q) => q.name) as [string, ...string[]];

export const queryWarehouseTool = defineTool({
  name: 'query_warehouse',
  description:
    'Long-horizon history (up to years, beyond Prometheus retention) from the columnar warehouse of hourly per-unit ' +
    `load, through named read-only queries (no SQL): ${NAMED_QUERIES.map((q) => `${q.name} (${q.description})`).join('; ')}. ` +
    'from/to are UTC days (default: the year before today); horizonDays (default 90) is for unit_peak_trend. At ' +
    `most ${MAX_ROWS} rows; the result says when rows were cut. Loads are rps, cpu a fraction 0..1. Quote numbers from the result.`,
  input: z.strictObject({
    query: z.enum(names, { error: `must be one of ${names.join(', ')}` }).describe('Which named query.'),
    workUnit: z
      .string()
      .min(1)
      .optional()
      .describe('Work unit id (every query except fleet_daily_peaks), e.g. "eu-west-1".'),
    from: day.optional().describe('First UTC day, e.g. "2025-03-01"; default a year before to.'),
    to: day.optional().describe('Last UTC day, e.g. "2026-02-28"; default yesterday.'),
    horizonDays: z
      .number()
      .int()
      .min(1)
      .max(730)
      .default(90)
      .describe('Days after the range the trend is projected to (unit_peak_trend).'),
  }),
  output,
  readOnly: true,
  example: { query: 'unit_daily_peaks', workUnit: 'eu-west-1', from: '2026-02-01', to: '2026-02-28' },
  async run(input, deps) {
    const named = findNamedQuery(input.query)!;
    const warehouse = deps.warehouse;
    if (!warehouse) {
      return fail(
        'UNAVAILABLE',
        'no warehouse is configured for this fleet (fleet file section evidence.warehouse)',
        input,
        'Use forecast_load or get_capacity_baseline for recent history, and say long-horizon history is not available.',
      );
    }
    if (named.params.includes('workUnit')) {
      if (!input.workUnit)
        return fail('INVALID_ARGUMENTS', `${named.name} needs a workUnit`, input, 'Add workUnit, e.g. "eu-west-1".');
      const bad = checkWorkUnits(deps, [input.workUnit], input);
      if (bad) return bad;
    }
    const yesterday = new Date(Math.floor(deps.now() / DAY_MS) * DAY_MS - DAY_MS).toISOString().slice(0, 10);
    const to = input.to ?? yesterday;
    const from = input.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 364 * DAY_MS).toISOString().slice(0, 10);
    if (from > to) return fail('BAD_RANGE', `from ${from} is after to ${to}`, input, 'Give from on or before to.');
    const all: Record<string, string | number> = {
      workUnit: input.workUnit ?? '',
      from,
      to,
      horizonDays: input.horizonDays,
    };
    const params = Object.fromEntries(named.params.map((p) => [p, all[p]!]));
    const got = await warehouse.query(named.sql, params, { maxRows: MAX_ROWS, maxBytes: MAX_BYTES });
    if (got.status === 'unknown') {
      return fail(
        'UNAVAILABLE',
        `warehouse unknown: ${got.reason} (tried: ${named.name})`,
        input,
        'Try a shorter range once; otherwise say the warehouse could not be read.',
      );
    }
    const { columns, rows, cut } = got.value;
    if (rows.length === 0)
      return fail(
        'NO_DATA',
        `${named.name} found no history for ${JSON.stringify(params)}`,
        input,
        'Check the days: the warehouse may not cover them.',
      );
    return ok({
      query: named.name,
      description: named.description,
      params,
      backend: warehouse.kind,
      columns,
      rows,
      shown: rows.length,
      ...(cut
        ? { truncated: `${rows.length} rows shown (${cut.reason}); narrow from/to or use unit_monthly_peaks` }
        : {}),
    });
  },
});
