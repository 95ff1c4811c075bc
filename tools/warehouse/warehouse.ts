// One SQL adapter interface for the warehouse: read-only, parameterised, capped. DuckDB is the
// embedded implementation; a scale-out engine would implement the same interface.
import type { EvidenceResult } from '../sources/evidence.js';

export type Cell = string | number | boolean | null;

export interface WarehouseRows {
  columns: string[];
  rows: Record<string, Cell>[];
  /** Set when rows were cut at a cap: how many were kept and why. */
  cut?: { shown: number; reason: string };
}

export interface QueryLimits {
  maxRows: number;
  /** JSON size of the rows returned. */
  maxBytes: number;
  timeoutMs: number;
}

export interface SqlWarehouse {
  readonly kind: string;
  /**
   * Runs one read-only statement with named parameters ($name). Anything else (DDL, DML, COPY,
   * PRAGMA, several statements) is refused as unknown before it runs.
   */
  query(
    sql: string,
    params: Record<string, string | number>,
    limits?: Partial<QueryLimits>,
  ): Promise<EvidenceResult<WarehouseRows>>;
  close(): void;
}

export const DEFAULT_LIMITS: QueryLimits = { maxRows: 1_000, maxBytes: 1_048_576, timeoutMs: 5_000 };

/** The hourly history table every warehouse exposes. */
export const HOURLY_COLUMNS = [
  'hour',
  'work_unit',
  'load_rps',
  'cpu',
  'memory',
  'connections',
  'error_rate',
  'latency_p95_ms',
] as const;
