import { z } from 'zod';
import { moveCostDelta, servingCostPerHour, type TrafficMove } from '../../../analytics/cost.js';
import { splitField, splitProblem } from '../fields.js';
import { checkWorkUnits, fail, iso, ok, round } from '../results.js';
import { defineTool } from '../types.js';

const money = z.number().nullable();

const output = z.object({
  at: z.string(),
  assumptions: z.string(),
  currentPerHour: money,
  byWorkUnit: z.record(z.string(), money),
  proposal: z
    .object({
      from: z.string(),
      fraction: z.number(),
      movedRps: z.number().nullable(),
      deltaPerHour: money,
      afterPerHour: money,
      byTarget: z.array(
        z.object({ workUnit: z.string(), share: z.number(), rps: z.number().nullable(), deltaPerHour: money }),
      ),
    })
    .nullable(),
});

export const estimateCostTool = defineTool({
  name: 'estimate_cost',
  description:
    'Cross-region data transfer (egress) cost in US dollars per hour: of the current routing (total and per work unit), ' +
    "and, when fromWorkUnit and split are given, of moving that unit's traffic (all of it, or the given fraction) to " +
    'other units in the given shares — the change in $/hour (positive = more expensive) per target and in total. ' +
    'Loads are the current rps per client region. Use it for "what would moving X to Y cost", "how much does our routing ' +
    'cost". Egress only (no compute). Quote numbers from the result.',
  input: z.strictObject({
    fromWorkUnit: z
      .string()
      .min(1)
      .optional()
      .describe('Work unit whose traffic would move; omit to price only the current routing.'),
    split: splitField().optional(),
    fraction: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe("Fraction 0..1 of fromWorkUnit's traffic that moves (default 1 = all of it)."),
  }),
  output,
  readOnly: true,
  example: { fromWorkUnit: 'eu-west-1', split: { 'eu-central-1': 0.6, 'us-east-1': 0.4 } },
  async run(input, deps) {
    const unknown = checkWorkUnits(deps, [input.fromWorkUnit, ...Object.keys(input.split ?? {})], input);
    if (unknown) return unknown;
    const proposalProblem = checkProposal(input);
    if (proposalProblem) return fail('INVALID_ARGUMENTS', proposalProblem.message, input, proposalProblem.hint);
    const fleet = deps.fleet();
    const nowMs = deps.now();
    const loads = await deps.regionLoad(nowMs);
    const byWorkUnit: Record<string, number> = Object.fromEntries(fleet.workUnits.map((u) => [u.id, 0]));
    for (const [region, row] of Object.entries(loads)) {
      for (const [wu, rps] of Object.entries(row))
        byWorkUnit[wu] = (byWorkUnit[wu] ?? 0) + servingCostPerHour(fleet, wu, region, rps);
    }
    const current = Object.values(byWorkUnit).reduce((a, b) => a + b, 0);
    const base = {
      at: iso(nowMs),
      assumptions: `egress only: ${fleet.avgResponseKb} KB per response at each unit's $/GB price towards each client region`,
      currentPerHour: round(current, 2),
      byWorkUnit: Object.fromEntries(Object.entries(byWorkUnit).map(([wu, c]) => [wu, round(c, 2)])),
    };
    if (!input.fromWorkUnit || !input.split) return ok({ ...base, proposal: null });

    const from = input.fromWorkUnit;
    const moves: TrafficMove[] = [];
    for (const [region, row] of Object.entries(loads)) {
      const rps = (row[from] ?? 0) * input.fraction;
      for (const [to, share] of Object.entries(input.split))
        if (share > 0 && rps > 0) moves.push({ clientRegion: region, from, to, rps: rps * share });
    }
    const movedRps = moves.reduce((s, m) => s + m.rps, 0);
    if (movedRps === 0) {
      return fail(
        'NO_DATA',
        `${from} serves no traffic now: there is nothing to move`,
        input,
        'Pick a unit that serves traffic (get_headroom shows load).',
      );
    }
    const delta = moveCostDelta(fleet, moves);
    return ok({
      ...base,
      proposal: {
        from,
        fraction: input.fraction,
        movedRps: round(movedRps, 1),
        deltaPerHour: round(delta, 2),
        afterPerHour: round(current + delta, 2),
        byTarget: Object.entries(input.split).map(([workUnit, share]) => {
          const own = moves.filter((m) => m.to === workUnit);
          return {
            workUnit,
            share,
            rps: round(
              own.reduce((s, m) => s + m.rps, 0),
              1,
            ),
            deltaPerHour: round(moveCostDelta(fleet, own), 2),
          };
        }),
      },
    });
  },
});

function checkProposal(input: { fromWorkUnit?: string | undefined; split?: Record<string, number> | undefined }) {
  if (!input.fromWorkUnit && !input.split) return undefined;
  if (!input.fromWorkUnit || !input.split) {
    return {
      message: "fromWorkUnit and split go together: which unit's traffic moves, and where",
      hint: 'Give both, e.g. {"fromWorkUnit": "eu-west-1", "split": {"eu-central-1": 1}}; for the planner\'s own split call recommend_failover.',
    };
  }
  return splitProblem(input.split, [input.fromWorkUnit]);
}
