import { z } from 'zod';
import { workUnitField } from '../fields.js';
import { checkWorkUnits, fail, ok, round } from '../results.js';
import { defineTool } from '../types.js';

const output = z.object({
  workUnit: z.string(),
  model: z.string(),
  horizonDays: z.number(),
  safeCapacity: z.number().nullable(),
  crossesAt: z.string().nullable(),
  daysUntilCrossing: z.number().nullable(),
  maxDailyPeakP90: z.object({ date: z.string(), load: z.number().nullable() }).nullable(),
  dailyPeaks: z.array(z.object({ date: z.string(), p50: z.number().nullable(), p90: z.number().nullable() })),
  hourly: z.array(
    z.object({ t: z.string(), yhat: z.number().nullable(), lo: z.number().nullable(), hi: z.number().nullable() }),
  ),
});

const DAY_MS = 86_400_000;

export const forecastLoadTool = defineTool({
  name: 'forecast_load',
  description:
    "Forecast of one work unit's load (rps) from its history (model chosen by backtest): the daily peak for each coming " +
    'day as P50 and P90 (UTC dates), safeCapacity (rps), crossesAt — the first date whose P90 peak exceeds safe capacity ' +
    '(null: not within the horizon) — and daysUntilCrossing; optionally the next hours hour by hour with a P10–P90 ' +
    'interval (yhat, lo, hi). Use it for "when does X run out of capacity", "what will X\'s peak be next week". ' +
    'Forecasts are estimates: say so and give the interval. Quote numbers from the result.',
  input: z.strictObject({
    workUnit: workUnitField(),
    horizonDays: z.number().int().min(1).max(90).default(30).describe('Days ahead to forecast (1–90, default 30).'),
    hourlyPoints: z
      .number()
      .int()
      .min(0)
      .max(72)
      .default(0)
      .describe('How many of the next hours to list hour by hour (0–72, default 0: daily peaks only).'),
  }),
  output,
  readOnly: true,
  example: { workUnit: 'ap-south-1', horizonDays: 60 },
  async run(input, deps) {
    const unknown = checkWorkUnits(deps, [input.workUnit], input);
    if (unknown) return unknown;
    const nowMs = deps.now();
    const f = await deps.loadForecast(input.workUnit, nowMs, input.horizonDays);
    if (f.dailyPeaks.length === 0) {
      return fail(
        'NO_DATA',
        `no forecast for ${input.workUnit}: its history has too little load data`,
        input,
        'Say the forecast is unavailable; get_capacity_baseline still gives the baseline and the next peak.',
      );
    }
    const top = f.dailyPeaks.reduce((a, b) => (b.p90 > a.p90 ? b : a));
    return ok({
      workUnit: f.workUnit,
      model: f.model,
      horizonDays: f.horizonDays,
      safeCapacity: round(f.safeCapacity, 1),
      crossesAt: f.crossesAt,
      daysUntilCrossing: f.crossesAt ? Math.ceil((Date.parse(`${f.crossesAt}T00:00:00Z`) - nowMs) / DAY_MS) : null,
      maxDailyPeakP90: { date: top.date, load: round(top.p90, 1) },
      dailyPeaks: f.dailyPeaks.map((p) => ({ date: p.date, p50: round(p.p50, 1), p90: round(p.p90, 1) })),
      hourly: f.hourly
        .slice(0, input.hourlyPoints)
        .map((p) => ({ t: p.t, yhat: round(p.yhat, 1), lo: round(p.lo, 1), hi: round(p.hi, 1) })),
    });
  },
});
