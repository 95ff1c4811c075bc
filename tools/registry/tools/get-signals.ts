import { z } from 'zod';
import { confidenceSchema, signalSchema, verdictSchema } from '../contracts.js';
import { optionalWorkUnitField } from '../fields.js';
import { checkWorkUnits, ok } from '../results.js';
import { defineTool } from '../types.js';

const output = z.object({
  at: z.string(),
  workUnits: z.array(
    z.object({
      id: z.string(),
      verdict: verdictSchema,
      confidence: confidenceSchema,
      reasons: z.array(z.string()),
      signals: z.array(signalSchema.extend({ observedAt: z.string().nullable() })),
    }),
  ),
});

export const getSignalsTool = defineTool({
  name: 'get_signals',
  description:
    "The evidence behind each work unit's health verdict: every independent signal source (metrics thresholds and " +
    'seasonal connection check, anomaly API, Alertmanager, edge agent, operator report) with its status (firing, ok, ' +
    'unknown), detail and when it was observed, plus the verdict, its confidence and the reasons. A failover is ' +
    'recommended only when at least two independent sources fire; one source alone gives "watch"; stale or missing ' +
    'data is "unknown", never healthy. Use it for "why does Headroom want to fail X over", "is X really down". ' +
    'Quote numbers from the result.',
  input: z.strictObject({ workUnit: optionalWorkUnitField() }),
  output,
  readOnly: true,
  example: { workUnit: 'eu-west-1' },
  async run(input, deps) {
    const unknown = checkWorkUnits(deps, [input.workUnit], input);
    if (unknown) return unknown;
    const nowMs = deps.now();
    const [status, reasons] = await Promise.all([deps.status(nowMs), deps.verdictReasons(nowMs)]);
    return ok({
      at: status.at,
      workUnits: status.workUnits
        .filter((u) => !input.workUnit || u.id === input.workUnit)
        .map((u) => ({
          id: u.id,
          verdict: u.verdict,
          confidence: u.confidence,
          reasons: reasons[u.id]?.reasons ?? [],
          signals: u.signals.map((s, i) => ({ ...s, observedAt: reasons[u.id]?.observedAt[i] ?? null })),
        })),
    });
  },
});
