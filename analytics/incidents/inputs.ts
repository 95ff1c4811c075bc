// The shapes correlation reads, declared here so analytics/ imports nothing from tools/: the
// evidence sources' results (tools/sources/evidence.ts) are assignable to them as they are.

export type Readable<T> = { status: 'ok'; value: T } | { status: 'unknown'; reason: string };

export interface LogLineInput {
  timeMs: number;
  service: string;
  level: string;
  message: string;
}

export interface DeployInput {
  id: string;
  workUnit: string;
  service: string;
  version: string;
  timeMs: number;
  status: string;
  source: string;
}

export interface TraceSummaryInput {
  traceId: string;
  rootService: string;
  startMs: number;
  durationMs: number;
  error: boolean;
}

export interface TraceInput {
  traceId: string;
  spans: {
    service: string;
    /** When the span started (orders the spans of a trace; list order when absent). */
    startMs?: number;
    durationMs: number;
    error: boolean;
    attributes: Record<string, string>;
  }[];
}
