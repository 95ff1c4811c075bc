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
  age: Age;
}

export interface MetricsSnapshot {
  source: 'simulated' | 'prometheus' | 'none';
  samples: MetricSample[];
  note: string;
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
