// Headroom's closed vocabularies, each written once. The union types derive from these arrays; the
// JSON contracts (tools/registry/contracts.ts) use them as z.enum(…), the store checks rows against
// them, and a Record<Verdict, …> elsewhere is checked for completeness by the compiler. A leaf: it
// imports nothing, so every layer may import it.

/** A unit's health verdict. */
export const VERDICTS = ['failover', 'watch', 'healthy', 'unknown'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * The verdicts that need a human's attention, so shadow mode keeps a recommendation open for them:
 * every verdict but healthy (unknown included: missing data is not health).
 */
export const ATTENTION_VERDICTS = ['failover', 'watch', 'unknown'] as const satisfies readonly Verdict[];

/** How much a verdict, a baseline or a plan can be trusted; highest first. */
export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** The independent sources a verdict's consensus counts. */
export const SIGNAL_SOURCES = ['metrics', 'anomaly-api', 'alertmanager', 'edge-agent', 'operator'] as const;
export type SignalSourceName = (typeof SIGNAL_SOURCES)[number];

/** What one signal source says this poll. */
export const SIGNAL_STATUSES = ['firing', 'ok', 'unknown'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

/** The resources that can saturate a unit. */
export const RESOURCES = ['cpu', 'memory', 'connections', 'network'] as const;
export type Resource = (typeof RESOURCES)[number];

/** Headroom against the warning threshold: ok, warning (below it), over (past safe capacity), unknown (no load). */
export const HEADROOM_LEVELS = ['ok', 'warning', 'over', 'unknown'] as const;
export type HeadroomLevel = (typeof HEADROOM_LEVELS)[number];

/** A work unit's configured state. */
export const UNIT_STATES = ['active', 'cold-standby', 'draining'] as const;
export type UnitState = (typeof UNIT_STATES)[number];

/** Why a what-if is infeasible or risky. */
export const WHAT_IF_VIOLATION_KINDS = [
  'over-safe-capacity',
  'over-reserve',
  'shed-required',
  'replay-distress',
] as const;
export type WhatIfViolationKind = (typeof WHAT_IF_VIOLATION_KINDS)[number];
