// The plain data ToolDeps hands to tools, as zod schemas: the same JSON contracts the CLI prints
// (bot/format/json.ts), so a tool and `headroom … --json` agree on every figure. bot/tools-deps.ts
// is type-checked against these; the tool tests validate real values against them.
import { z } from 'zod';

/** Rounded numbers; null where the value is unknown (NaN in the core). */
const rps = z.number().nullable();
const fraction = z.number().nullable();

export const verdictSchema = z.enum(['failover', 'watch', 'healthy', 'unknown']);
export const confidenceSchema = z.enum(['high', 'medium', 'low']);
export const headroomLevelSchema = z.enum(['ok', 'warning', 'over', 'unknown']);
export const resourceSchema = z.enum(['cpu', 'memory', 'connections', 'network']);
export const signalSourceSchema = z.enum(['metrics', 'anomaly-api', 'alertmanager', 'edge-agent', 'operator']);

export const signalSchema = z.object({
  source: signalSourceSchema,
  status: z.enum(['firing', 'ok', 'unknown']),
  detail: z.string(),
  /** Lineage: the measurements the judgement rests on; sources sharing one count once toward consensus. */
  measures: z.array(z.string()).optional(),
});

/** statusJson: one poll of the fleet. */
export const fleetStatusSchema = z.object({
  at: z.string(),
  workUnits: z.array(
    z.object({
      id: z.string(),
      state: z.string(),
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
          bindingResource: z.string(),
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

export const rejectedSchema = z.array(z.object({ workUnit: z.string(), reason: z.string() }));

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
  violations: z.array(z.object({ workUnit: z.string(), kind: z.string(), detail: z.string() })),
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
      state: z.string(),
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
