import { z } from 'zod';
import { fleetStatusSchema } from '../contracts.js';
import { checkWorkUnits, ok } from '../results.js';
import { defineTool } from '../types.js';

const unitStatus = fleetStatusSchema.shape.workUnits.element.omit({ signals: true });

const output = z.object({
  at: z.string(),
  headroomWarningBelow: z.number(),
  workUnits: z.array(unitStatus),
});

export const getHeadroomTool = defineTool({
  name: 'get_headroom',
  description:
    'Current load and headroom of every work unit, or of one: load and safeCapacity in requests per second (rps), ' +
    'headroom = (safeCapacity − load) / safeCapacity as a fraction (0.25 means 25 %; negative means over safe capacity; ' +
    'null when load is unknown), headroomLevel (ok, warning below headroomWarningBelow, over, unknown), the resource ' +
    'that saturates first, capacityLost (when a resource runs hotter than history says it should at this load, the ' +
    'safeCapacity is lowered by that fraction; null otherwise), and the health verdict (healthy, watch, failover, unknown) with its confidence. ' +
    'Use it for "how much room does X have now", "which units are hot". For the next daily peak or the baseline evidence ' +
    'use get_capacity_baseline; for why a verdict was reached use get_signals. Quote numbers from the result; do not compute new ones.',
  input: z.strictObject({
    workUnit: z.string().optional().describe('Work unit id, e.g. "eu-west-1"; omit for the whole fleet.'),
  }),
  output,
  readOnly: true,
  example: { workUnit: 'eu-west-1' },
  async run(input, deps) {
    const unknown = checkWorkUnits(deps, [input.workUnit], input);
    if (unknown) return unknown;
    const status = await deps.status(deps.now());
    return ok({
      at: status.at,
      headroomWarningBelow: deps.fleet().thresholds.headroomWarning,
      workUnits: status.workUnits
        .filter((u) => !input.workUnit || u.id === input.workUnit)
        .map(({ signals: _signals, ...u }) => u),
    });
  },
});
