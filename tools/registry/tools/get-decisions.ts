import { z } from 'zod';
import { limitField } from '../fields.js';
import { iso, ok } from '../results.js';
import { defineTool } from '../types.js';

const DAY_MS = 86_400_000;

const output = z.object({
  decisions: z.array(
    z.object({
      id: z.number(),
      recommendationId: z.number(),
      userId: z.string(),
      at: z.string(),
      kind: z.string(),
      followedRecommendation: z.boolean(),
      content: z.record(z.string(), z.unknown()),
    }),
  ),
  agreement: z.object({ decisions: z.number(), followed: z.number(), rate: z.number().nullable() }),
  note: z.string().optional(),
});

export const getDecisionsTool = defineTool({
  name: 'get_decisions',
  description:
    "What humans decided about Headroom's recommendations, newest first: follow, override (with what they chose " +
    'instead) or not-an-incident, who and when — and the agreement rate: the fraction (0..1) of decisions that followed ' +
    'the recommendation over the same period (null when there are none). Use it for "did anyone act on the eu-west-1 ' +
    'recommendation", "how often do operators agree with Headroom". Quote numbers from the result.',
  input: z.strictObject({
    recommendationId: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Only decisions on this recommendation (ids from get_recommendations).'),
    sinceDays: z.number().int().min(1).max(365).optional().describe('Only the last N days (1–365); omit for all time.'),
    limit: limitField(50, 20),
  }),
  output,
  readOnly: true,
  example: { sinceDays: 7 },
  async run(input, deps) {
    const sinceMs = input.sinceDays === undefined ? undefined : deps.now() - input.sinceDays * DAY_MS;
    const range = sinceMs === undefined ? {} : { sinceMs };
    const decisions = deps
      .decisions({
        limit: input.limit,
        ...range,
        ...(input.recommendationId ? { recommendationId: input.recommendationId } : {}),
      })
      .map((d) => ({
        id: d.id,
        recommendationId: d.recommendationId,
        userId: d.userId,
        at: iso(d.atMs),
        kind: d.kind,
        followedRecommendation: d.followedRecommendation,
        content: d.content as Record<string, unknown>,
      }));
    const agreement = deps.agreement(range);
    return ok(decisions.length > 0 ? { decisions, agreement } : { decisions, agreement, note: 'no decision matches' });
  },
});
