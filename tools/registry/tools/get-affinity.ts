import { z } from 'zod';
import { affinityRanking } from '../../../analytics/affinity.js';
import { fail, ok } from '../results.js';
import { defineTool } from '../types.js';

const output = z.object({
  clientRegions: z.array(
    z.object({
      clientRegion: z.string(),
      /** Work units best first, with TTFB in ms and this region's current routing weight (0..1). */
      ranking: z.array(
        z.object({
          workUnit: z.string(),
          rank: z.number(),
          p50Ms: z.number(),
          p95Ms: z.number(),
          routedShare: z.number(),
        }),
      ),
    }),
  ),
});

export const getAffinityTool = defineTool({
  name: 'get_affinity',
  description:
    'Traffic affinity: for each client region (where users are), the work units ranked by measured time to first ' +
    "byte (TTFB p95, then p50, in milliseconds), with the share of that region's traffic each unit receives now " +
    '(routedShare, fraction 0..1). Use it for "where would eu-west users go if X failed", "which unit is closest to ' +
    'south-asia", and to explain latency costs of a move. Quote numbers from the result.',
  input: z.strictObject({
    clientRegion: z
      .string()
      .min(1)
      .optional()
      .describe('Client region id (where users are), e.g. "eu-west"; omit for all client regions.'),
  }),
  output,
  readOnly: true,
  example: { clientRegion: 'eu-west' },
  async run(input, deps) {
    const fleet = deps.fleet();
    const regions = fleet.clientRegions.map((r) => r.id);
    if (input.clientRegion && !regions.includes(input.clientRegion)) {
      return fail(
        'INVALID_ARGUMENTS',
        `unknown client region "${input.clientRegion}"`,
        input,
        `Use one of the client regions: ${regions.join(', ')} (these are where users are, not work units).`,
      );
    }
    const chosen = input.clientRegion ? [input.clientRegion] : regions;
    return ok({
      clientRegions: chosen.map((region) => ({
        clientRegion: region,
        ranking: affinityRanking(fleet, region).map((e) => ({
          workUnit: e.workUnit,
          rank: e.rank,
          p50Ms: e.p50,
          p95Ms: e.p95,
          routedShare: fleet.routing[region]?.[e.workUnit] ?? 0,
        })),
      })),
    });
  },
});
