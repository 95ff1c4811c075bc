import type { TimeRange, WorkUnitId } from '../../analytics/types.js';

/**
 * The evidence an investigation reads besides the metrics: logs, traces and the change feed.
 * Each has a simulated implementation (the demo fleet) and real backends beside it, chosen by
 * configuration; one contract suite per interface runs against every implementation.
 *
 * A read that cannot be answered (backend down, timeout, malformed reply) resolves to
 * `{ status: 'unknown', reason, tried }`, never throws and never pretends to be empty.
 */
export type EvidenceResult<T> = EvidenceOk<T> | EvidenceUnknown;

export interface EvidenceOk<T> {
  status: 'ok';
  value: T;
  /** set when the answer was cut to its bound */
  truncated?: Truncation;
}

export interface EvidenceUnknown {
  status: 'unknown';
  reason: string;
  /** what was asked, of whom, e.g. "loki GET /loki/api/v1/query_range" */
  tried: string;
}

export interface Truncation {
  shown: number;
  /** total matching when the backend says; null when it does not */
  total: number | null;
  hint: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'unknown';

export interface LogLine {
  timeMs: number;
  workUnit: WorkUnitId;
  service: string;
  level: LogLevel;
  /** Untrusted text: redact and neutralise before any model or Slack sees it. */
  message: string;
  labels: Record<string, string>;
}

export interface LogQuery {
  workUnit: WorkUnitId;
  range: TimeRange;
  /** Plain substring or backend-neutral filter; adapters translate it (LogQL line filter, Query DSL). */
  contains?: string;
  service?: string;
  minLevel?: LogLevel;
  /** Bound on lines returned, newest first. */
  limit: number;
}

export interface LogSource {
  readonly kind: string;
  search(query: LogQuery): Promise<EvidenceResult<LogLine[]>>;
}

export interface SpanSummary {
  spanId: string;
  service: string;
  name: string;
  startMs: number;
  durationMs: number;
  error: boolean;
  attributes: Record<string, string>;
}

export interface TraceSummary {
  traceId: string;
  workUnit: WorkUnitId;
  rootService: string;
  rootName: string;
  startMs: number;
  durationMs: number;
  error: boolean;
}

export interface TraceQuery {
  workUnit: WorkUnitId;
  range: TimeRange;
  service?: string;
  minDurationMs?: number;
  errorsOnly?: boolean;
  attributes?: Record<string, string>;
  limit: number;
}

export interface Trace {
  traceId: string;
  spans: SpanSummary[];
}

export interface TraceSource {
  readonly kind: string;
  search(query: TraceQuery): Promise<EvidenceResult<TraceSummary[]>>;
  get(traceId: string): Promise<EvidenceResult<Trace | null>>;
}

export interface DeployEvent {
  /** Stable id: source plus the source's own id, e.g. "github:123456" or "edge:eu-west-1:2026-…". */
  id: string;
  workUnit: WorkUnitId;
  service: string;
  version: string;
  timeMs: number;
  status: 'started' | 'succeeded' | 'failed' | 'rolled-back' | 'unknown';
  source: 'edge-agent' | 'github' | 'argocd' | 'simulated' | string;
  actor?: string;
  description?: string;
}

export interface DeployFeed {
  readonly kind: string;
  /** Deploys of one unit (or every unit when omitted) in a range, newest first. */
  list(range: TimeRange, workUnit?: WorkUnitId): Promise<EvidenceResult<DeployEvent[]>>;
}

/** Everything an investigation can read, passed in; any member may be absent (not configured). */
export interface EvidenceSources {
  logs?: LogSource;
  traces?: TraceSource;
  deploys?: DeployFeed;
}
