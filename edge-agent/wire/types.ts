// The edge agent's wire types, as @grpc/proto-loader delivers them (camelCase, int64 as number,
// enums as their names). One definition serves the agent and the central client.

export type Health = 'HEALTH_UNSPECIFIED' | 'HEALTH_HEALTHY' | 'HEALTH_UNHEALTHY' | 'HEALTH_UNKNOWN';

export interface Age {
  observedAtMs: number;
  ageMs: number;
}

export interface ProbeResult {
  name: string;
  kind: 'listener' | 'process';
  ok: boolean;
  detail: string;
  latencyMs: number;
  age: Age;
}

export interface MetricSample {
  metric: string;
  value: number;
  /** observedAtMs is the sample's own timestamp (from the source), not when the agent read it. */
  age: Age;
  /** Older than the snapshot's freshness limit: reported, never used for local thresholds. */
  stale: boolean;
}

/** A metric the snapshot has no value for, and why (query failed, timed out, no sample). */
export interface MetricGap {
  metric: string;
  reason: string;
}

/**
 * "ok" every metric fresh; "partial" some fresh, others stale or missing; "stale" samples but none
 * fresh; "unknown" no sample could be read (the note says why); "none" no local metrics configured.
 * "" comes from an agent older than the field.
 */
export type MetricsStatus = 'ok' | 'partial' | 'stale' | 'unknown' | 'none' | '';

export interface MetricsSnapshot {
  source: 'simulated' | 'prometheus' | 'none';
  samples: MetricSample[];
  note: string;
  status: MetricsStatus;
  missing: MetricGap[];
  /** Samples older than this are stale (0 = the source has no limit of its own, e.g. the simulator). */
  freshnessMs: number;
}

export interface ErrorLogRate {
  available: boolean;
  perMinute: number;
  errorLines: number;
  windowMs: number;
  thresholdPerMinute: number;
  age: Age;
  note: string;
}

export interface LocalAnomaly {
  kind: string;
  detail: string;
  sinceMs: number;
  age: Age;
}

export interface CheckReport {
  workUnit: string;
  agentVersion: string;
  instanceId: string;
  startedAtMs: number;
  generatedAtMs: number;
  health: Health;
  reasons: string[];
  probes: ProbeResult[];
  metrics: MetricsSnapshot;
  errorLog: ErrorLogRate;
  anomalies: LocalAnomaly[];
  cycle: Age;
  lastCentralCallMs: number;
}

export interface ContextRequest {
  windowMs: number;
  maxPatterns: number;
}

export interface LogPattern {
  pattern: string;
  count: number;
  level: string;
  firstSeenMs: number;
  lastSeenMs: number;
  example: string;
}

export interface Deploy {
  service: string;
  version: string;
  atMs: number;
  detail: string;
}

export type ContextItem =
  | { item: 'logPattern'; logPattern: LogPattern }
  | { item: 'deploy'; deploy: Deploy }
  | { item: 'anomaly'; anomaly: LocalAnomaly };

export interface SummarizeRequest {
  question: string;
  maxTokens: number;
}

export interface Summary {
  text: string;
  source: 'model' | 'deterministic';
  model: string;
  fallbackReason: string;
  generatedAtMs: number;
  latencyMs: number;
}

/** Ages are computed when an answer is built, from the instant each datum was observed. */
export function ageAt(observedAtMs: number, nowMs: number): Age {
  return { observedAtMs, ageMs: Math.max(0, nowMs - observedAtMs) };
}
