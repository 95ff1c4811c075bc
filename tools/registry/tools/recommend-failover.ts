import { z } from 'zod';
import { failoverReportSchema } from '../contracts.js';
import { workUnitField } from '../fields.js';
import { checkWorkUnits, ok } from '../results.js';
import { defineTool } from '../types.js';

export const recommendFailoverTool = defineTool({
  name: 'recommend_failover',
  description:
    'The failover plan for draining one work unit now (Headroom only advises; nothing is moved): its verdict ' +
    '(failover/watch/healthy/unknown) and confidence with the signals and reasons, and the plan — target units with ' +
    'share of the moved traffic (fraction 0..1), load they receive (rps), headroomAfter at the forecast peak of the ' +
    'next planningHorizonHours (fraction), TTFB p95 change (ms), cold start, cost change ($/hour), staged steps, ' +
    'rejected candidates with the reason, and shedRequired (rps that fit nowhere). feasible=false means the fleet ' +
    'cannot absorb it. Use it for "should we fail X over", "where would X\'s traffic go". For a forced split, growth ' +
    'or a later moment use simulate_migration. Quote numbers from the result.',
  input: z.strictObject({ workUnit: workUnitField() }),
  output: failoverReportSchema,
  readOnly: true,
  example: { workUnit: 'eu-west-1' },
  async run(input, deps) {
    const unknown = checkWorkUnits(deps, [input.workUnit], input);
    if (unknown) return unknown;
    return ok(await deps.failover(input.workUnit, deps.now()));
  },
});
