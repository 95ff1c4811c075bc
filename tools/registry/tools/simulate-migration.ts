import { z } from 'zod';
import { whatIfReportSchema } from '../contracts.js';
import type { WhatIfMomentQuery, WhatIfQuery } from '../deps.js';
import { splitField, splitProblem } from '../fields.js';
import { checkWorkUnits, fail, ok } from '../results.js';
import { defineTool } from '../types.js';

const MOMENT = /^(now|next-peak|\+(\d{1,3})d)$/;

export const simulateMigrationTool = defineTool({
  name: 'simulate_migration',
  description:
    'What-if engine (the same as `headroom whatif`): applies a hypothetical change and runs the failover planner on it. ' +
    'Changes: shed units (move all their traffic away), force a split of the moved traffic between named units, grow all ' +
    'traffic by a percent, add capacity to units by a percent — evaluated now, at the next daily peak, or at the daily ' +
    "peak in N days. Returns feasible, every unit's peakLoad and safeCapacity (rps) and headroomAtPeak (fraction; " +
    'negative = over safe capacity), violations, and the plan (targets, shares 0..1, cost $/hour, stages, rejected ' +
    'candidates, shedRequired rps). Use it for "what if we split B\'s traffic between C and D instead", "can we lose X at ' +
    'peak", "do we survive +20 % traffic in 30 days". Nothing is moved. Quote numbers from the result.',
  input: z.strictObject({
    shed: z
      .array(z.string().min(1))
      .default([])
      .describe('Work unit ids whose traffic is moved away, e.g. ["eu-west-1"]; empty for none.'),
    split: splitField().optional(),
    growPct: z
      .number()
      .min(-100)
      .max(1000)
      .optional()
      .describe('Traffic growth applied to every load, in percent (10 means +10 %, not 0.1).'),
    addCapacityPct: z
      .record(z.string(), z.number().gt(-100).max(1000))
      .optional()
      .describe('Extra safe capacity per unit in percent of today\'s, e.g. {"eu-central-1": 20} for +20 %.'),
    at: z
      .string()
      .regex(MOMENT, 'must be "now", "next-peak" or "+Nd" like "+30d"')
      .default('now')
      .describe(
        'When: "now" (default), "next-peak" (the next daily peak within 24 h) or "+Nd" (the daily peak in N days, e.g. "+30d").',
      ),
  }),
  output: whatIfReportSchema,
  readOnly: true,
  example: { shed: ['eu-west-1'], split: { 'eu-central-1': 0.7, 'us-east-1': 0.3 }, at: 'next-peak' },
  async run(input, deps) {
    const ids = [...input.shed, ...Object.keys(input.split ?? {}), ...Object.keys(input.addCapacityPct ?? {})];
    const unknown = checkWorkUnits(deps, ids, input);
    if (unknown) return unknown;
    if (input.split && input.shed.length === 0) {
      return fail(
        'INVALID_ARGUMENTS',
        'a split says where shed traffic goes, but nothing is shed',
        input,
        'Add the unit whose traffic moves to "shed", e.g. {"shed": ["eu-west-1"], "split": {…}}.',
      );
    }
    const problem = input.split && splitProblem(input.split, input.shed);
    if (problem) return fail('INVALID_ARGUMENTS', problem.message, input, problem.hint);
    const query: WhatIfQuery = { shed: input.shed, at: moment(input.at) };
    if (input.split) query.split = input.split;
    if (input.growPct !== undefined) query.growPct = input.growPct;
    if (input.addCapacityPct) query.addCapacityPct = input.addCapacityPct;
    return ok(await deps.whatIf(query, deps.now()));
  },
});

function moment(text: string): WhatIfMomentQuery {
  if (text === 'now') return { kind: 'now' };
  if (text === 'next-peak') return { kind: 'next-peak' };
  return { kind: 'days', days: Number(MOMENT.exec(text)![2]) };
}
