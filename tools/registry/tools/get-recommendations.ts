import { z } from 'zod';
import { confidenceSchema, verdictSchema } from '../contracts.js';
import { limitField } from '../fields.js';
import { checkWorkUnits, iso, ok } from '../results.js';
import { defineTool } from '../types.js';

const output = z.object({
  recommendations: z.array(
    z.object({
      id: z.number(),
      workUnit: z.string(),
      episode: z.string(),
      revision: z.number(),
      verdict: verdictSchema,
      confidence: confidenceSchema,
      summary: z.string(),
      openedAt: z.string(),
      updatedAt: z.string(),
      closedAt: z.string().nullable(),
      resolution: z.string().nullable(),
    }),
  ),
  note: z.string().optional(),
});

export const getRecommendationsTool = defineTool({
  name: 'get_recommendations',
  description:
    'Recommendations Headroom has posted (shadow mode: advice, never action), newest first: id, work unit, verdict ' +
    '(failover or watch), confidence, the one-line summary, when it was opened and last updated, and, when closed, ' +
    'how (recovered, superseded, expired). Use it for "what did Headroom recommend today", "is there an open ' +
    'recommendation for X". For the plan behind an open one call recommend_failover; for what humans decided call get_decisions. Quote numbers from the result.',
  input: z.strictObject({
    open: z.boolean().optional().describe('true: only open ones; false: only closed ones; omit for both.'),
    workUnit: z.string().min(1).optional().describe('Only this work unit, e.g. "eu-west-1".'),
    limit: limitField(50, 10),
  }),
  output,
  readOnly: true,
  example: { open: true },
  async run(input, deps) {
    const unknown = checkWorkUnits(deps, [input.workUnit], input);
    if (unknown) return unknown;
    const rows = deps
      .recommendations({
        limit: input.limit,
        ...(input.open !== undefined ? { open: input.open } : {}),
        ...(input.workUnit ? { workUnit: input.workUnit } : {}),
      })
      .map((r) => ({
        id: r.id,
        workUnit: r.workUnit,
        episode: r.episode,
        revision: r.revision,
        verdict: r.verdict,
        confidence: r.confidence,
        summary: r.summary,
        openedAt: iso(r.openedAtMs),
        updatedAt: iso(r.updatedAtMs),
        closedAt: r.closedAtMs === null ? null : iso(r.closedAtMs),
        resolution: r.resolution,
      }));
    return ok(
      rows.length > 0 ? { recommendations: rows } : { recommendations: rows, note: 'no recommendation matches' },
    );
  },
});
