import { z } from 'zod';
import { capacityReportSchema } from '../contracts.js';
import { optionalWorkUnitField } from '../fields.js';
import { checkWorkUnits, ok } from '../results.js';
import { defineTool } from '../types.js';

/** Evidence rows kept per unit: the highest healthy peaks are enough to judge the baseline. */
const EVIDENCE_SHOWN = 5;

export const getCapacityBaselineTool = defineTool({
  name: 'get_capacity_baseline',
  description:
    'Capacity baseline of every work unit, or of one: safeCapacity (rps) = 80 % of the highest load observed healthy ' +
    '(maxHealthyLoad), saturationLoad (rps at which the binding resource reaches its limit), whether the limit is ' +
    'extrapolated, the baseline confidence (high/medium/low) with notes, the evidence peaks (time, load in rps, ' +
    'utilisation of the binding resource as a fraction 0..1), headroom now, and the forecast next daily peak within ' +
    '24 h with the headroom left at it (fractions; 0.2 = 20 %). Use it for "how much can X take", "is that limit trustworthy", ' +
    '"how close will X get tonight". Quote numbers from the result.',
  input: z.strictObject({ workUnit: optionalWorkUnitField() }),
  output: capacityReportSchema,
  readOnly: true,
  example: { workUnit: 'ap-south-1' },
  async run(input, deps) {
    const unknown = checkWorkUnits(deps, [input.workUnit], input);
    if (unknown) return unknown;
    const report = await deps.capacity(deps.now(), input.workUnit);
    return ok({
      ...report,
      workUnits: report.workUnits.map((u) => ({
        ...u,
        baseline: { ...u.baseline, evidence: u.baseline.evidence.slice(0, EVIDENCE_SHOWN) },
      })),
    });
  },
});
