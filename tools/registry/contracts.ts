// The JSON contracts of Headroom's reports, as zod schemas: the single source of their types. The
// CLI's --json (bot/format/json.ts declares these as its formatters' return types), the tools and
// their MCP output schemas, and the Slack blocks built from a stored report all use them, so a
// formatter that drifts from its schema does not compile. The closed vocabularies come from
// analytics/vocabulary.ts. bot/tools-deps.ts is type-checked against these; the tool tests and
// test/format/json-contracts.test.ts validate real values against them.
import { z } from 'zod';
import {
  CONFIDENCES,
  HEADROOM_LEVELS,
  RESOURCES,
  SIGNAL_SOURCES,
  SIGNAL_STATUSES,
  UNIT_STATES,
  VERDICTS,
  WHAT_IF_VIOLATION_KINDS,
} from '../../analytics/vocabulary.js';

/** Rounded numbers; null where the value is unknown (NaN in the core). */
const rps = z.number().nullable();
const fraction = z.number().nullable();

export const verdictSchema = z.enum(VERDICTS);
export const confidenceSchema = z.enum(CONFIDENCES);
export const headroomLevelSchema = z.enum(HEADROOM_LEVELS);
export const resourceSchema = z.enum(RESOURCES);
export const signalSourceSchema = z.enum(SIGNAL_SOURCES);
export const signalStatusSchema = z.enum(SIGNAL_STATUSES);
export const unitStateSchema = z.enum(UNIT_STATES);

export const signalSchema = z.object({
  source: signalSourceSchema,
  status: signalStatusSchema,
  detail: z.string(),
  /** Lineage: the measurements the judgement rests on; sources sharing one count once toward consensus. */
  measures: z.array(z.string()).optional(),
});
export type SignalData = z.infer<typeof signalSchema>;

/** statusJson: one poll of the fleet. */
export const fleetStatusSchema = z.object({
  at: z.string(),
  workUnits: z.array(
    z.object({
      id: z.string(),
      state: unitStateSchema,
      load: rps,
      safeCapacity: rps,
      headroom: fraction,
      headroomLevel: headroomLevelSchema,
      bindingResource: resourceSchema,
      capacityLost: z
        .object({
          fraction: fraction,
          resource: resourceSchema.nullable(),
          detail: z.string(),
          low: fraction.optional(),
          high: fraction.optional(),
          atLeast: z.boolean().optional(),
          evidence: z.array(z.string()).optional(),
        })
        .nullable(),
      verdict: verdictSchema,
      confidence: confidenceSchema,
      signals: z.array(signalSchema),
    }),
  ),
});
export type FleetStatusData = z.infer<typeof fleetStatusSchema>;

/** planJson: the planner's answer for moving traffic off drained units. */
export const planSchema = z.object({
  feasible: z.boolean(),
  drained: z.array(z.string()),
  movedLoad: rps,
  targets: z.array(
    z.object({
      workUnit: z.string(),
      share: fraction,
      load: rps,
      headroomAfter: fraction,
      ttfbP95DeltaMs: z.number().nullable(),
      coldStart: z.boolean(),
      /** Set when the target is degraded and used only because no plan without it exists. */
      lastResort: z.string().nullish(),
      /** The replay's predicted outcome at the forecast peak, herd spike included. */
      replayed: z
        .object({
          load: rps,
          herdLoad: rps,
          peakUtilisation: fraction,
          /** unknown when the unit has no fitted model to replay. */
          bindingResource: z.enum([...RESOURCES, 'unknown']),
          p95Ms: z.number().nullable(),
          errorRate: fraction,
          distress: z.boolean(),
          reasons: z.array(z.string()),
          modelled: z.boolean(),
        })
        .nullish(),
    }),
  ),
  costPerHourDelta: z.number().nullable(),
  stages: z.array(
    z.object({
      step: z.number(),
      atOffsetMinutes: z.number(),
      cumulativeFraction: z.number(),
      moves: z.array(z.object({ workUnit: z.string(), load: z.number() })),
      description: z.string(),
    }),
  ),
  shedRequired: rps,
  notes: z.array(z.string()),
  replay: z.object({ distressed: z.array(z.string()), rounds: z.number(), notes: z.array(z.string()) }).nullish(),
});
export type PlanData = z.infer<typeof planSchema>;

export const rejectedSchema = z.array(z.object({ workUnit: z.string(), reason: z.string() }));
export type RejectedData = z.infer<typeof rejectedSchema>;

/** failoverJson: "what if we had to drain this unit now". */
export const failoverReportSchema = z.object({
  at: z.string(),
  workUnit: z.string(),
  verdict: verdictSchema,
  confidence: confidenceSchema,
  signals: z.array(signalSchema),
  load: rps,
  safeCapacity: rps,
  headroom: fraction,
  planningHorizonHours: z.number(),
  plan: planSchema,
  rejected: rejectedSchema,
  reasons: z.array(z.string()),
});
export type FailoverReportData = z.infer<typeof failoverReportSchema>;

/** whatifJson: the planning engine on a hypothetical state. */
export const whatIfReportSchema = z.object({
  feasible: z.boolean(),
  atTime: z.string(),
  moment: z.string(),
  workUnits: z.array(z.object({ id: z.string(), peakLoad: rps, safeCapacity: rps, headroomAtPeak: fraction })),
  violations: z.array(z.object({ workUnit: z.string(), kind: z.enum(WHAT_IF_VIOLATION_KINDS), detail: z.string() })),
  plan: planSchema.nullable(),
});
export type WhatIfReportData = z.infer<typeof whatIfReportSchema>;

/** capacityJson: baselines with their evidence, headroom now and at the next daily peak. */
export const capacityReportSchema = z.object({
  at: z.string(),
  forecaster: z.string(),
  workUnits: z.array(
    z.object({
      id: z.string(),
      state: unitStateSchema,
      load: rps,
      safeCapacity: rps,
      headroom: fraction,
      headroomLevel: headroomLevelSchema,
      bindingResource: resourceSchema,
      baseline: z.object({
        saturationLoad: rps,
        maxHealthyLoad: rps,
        extrapolated: z.boolean(),
        confidence: confidenceSchema,
        evidence: z.array(z.object({ at: z.string(), load: rps, utilisation: fraction })),
        notes: z.array(z.string()),
      }),
      nextPeak: z.object({ at: z.string(), load: rps, headroom: fraction }),
    }),
  ),
});
export type CapacityReportData = z.infer<typeof capacityReportSchema>;
