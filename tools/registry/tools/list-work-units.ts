import { z } from 'zod';
import { UNIT_STATES } from '../../../analytics/vocabulary.js';
import { ok } from '../results.js';
import { defineTool } from '../types.js';

const output = z.object({
  fleet: z.string(),
  workUnits: z.array(
    z.object({
      id: z.string(),
      cloudRegion: z.string(),
      timezone: z.string(),
      state: z.enum(UNIT_STATES),
      /** Client regions this unit serves now, with the share of each region's traffic (0..1). */
      serves: z.record(z.string(), z.number()),
    }),
  ),
  clientRegions: z.array(z.object({ id: z.string(), timezone: z.string(), trafficShare: z.number() })),
});

export const listWorkUnitsTool = defineTool({
  name: 'list_work_units',
  description:
    'Lists the fleet: every work unit (a complete deployment in one cloud region) with its id, cloud region, ' +
    'timezone and state (active, cold-standby, draining), which client regions it serves and with what share of ' +
    "each region's traffic (fractions 0..1), and the client regions with their share of global traffic (0..1). " +
    'Use it first when a question names a region loosely ("Frankfurt", "the Tokyo one") to find the exact work unit id, ' +
    'and whenever another tool reports UNKNOWN_WORK_UNIT. Static configuration only: no load or health. Quote numbers from the result.',
  input: z.strictObject({}),
  output,
  readOnly: true,
  example: {},
  async run(_input, deps) {
    const fleet = deps.fleet();
    return ok({
      fleet: fleet.name,
      workUnits: fleet.workUnits.map((u) => ({
        id: u.id,
        cloudRegion: u.cloudRegion,
        timezone: u.timezone,
        state: u.state,
        serves: Object.fromEntries(
          Object.entries(fleet.routing)
            .filter(([, row]) => (row[u.id] ?? 0) > 0)
            .map(([region, row]) => [region, row[u.id]!]),
        ),
      })),
      clientRegions: fleet.clientRegions.map((r) => ({ id: r.id, timezone: r.timezone, trafficShare: r.trafficShare })),
    });
  },
});
