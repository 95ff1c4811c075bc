// Rules every evidence implementation applies the same way: level order, bounds, query checks.
// A query that breaks them is answered "unknown" with the reason, before any backend is asked.
import type { EvidenceUnknown, LogLevel, LogQuery, TraceQuery, Truncation } from './evidence.js';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'fatal', 'unknown'];
const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, unknown: 1, info: 1, warn: 2, error: 3, fatal: 4 };

/** Most lines or traces one read may return; tools ask for far fewer. */
export const MAX_EVIDENCE_LIMIT = 5_000;
/** Longest range one read may cover (the logs' 90-day retention). */
export const MAX_EVIDENCE_RANGE_MS = 90 * 86_400_000;

/** True when `level` is at least `min`; a line of unknown level counts as info. */
export function levelAtLeast(level: LogLevel, min: LogLevel | undefined): boolean {
  return min === undefined || LEVEL_RANK[level] >= LEVEL_RANK[min];
}

/** The levels at or above `min` (what a backend filter must accept). */
export function levelsAtLeast(min: LogLevel | undefined): LogLevel[] {
  return LOG_LEVELS.filter((l) => l !== 'unknown' && levelAtLeast(l, min));
}

/** Maps a backend's level word (ERROR, err, warning, Information…) to ours. */
export function normaliseLevel(word: string | undefined): LogLevel {
  const w = (word ?? '').toLowerCase();
  if (w.startsWith('deb') || w === 'trace') return 'debug';
  if (w.startsWith('inf') || w === 'notice') return 'info';
  if (w.startsWith('warn')) return 'warn';
  if (w.startsWith('err')) return 'error';
  if (w.startsWith('fatal') || w.startsWith('crit') || w === 'panic' || w === 'emerg' || w === 'alert') return 'fatal';
  return 'unknown';
}

function rangeProblem(range: { startMs: number; endMs: number }): string | undefined {
  if (!Number.isFinite(range.startMs) || !Number.isFinite(range.endMs)) return 'the range needs finite start and end';
  if (range.endMs < range.startMs) return 'the range ends before it starts';
  if (range.endMs - range.startMs > MAX_EVIDENCE_RANGE_MS) return 'the range is longer than 90 days';
  return undefined;
}

function limitProblem(limit: number): string | undefined {
  return Number.isInteger(limit) && limit >= 1 && limit <= MAX_EVIDENCE_LIMIT
    ? undefined
    : `limit must be a whole number from 1 to ${MAX_EVIDENCE_LIMIT} (got ${limit})`;
}

export function logQueryProblem(query: LogQuery): string | undefined {
  return rangeProblem(query.range) ?? limitProblem(query.limit);
}

export function traceQueryProblem(query: TraceQuery): string | undefined {
  const problem = rangeProblem(query.range) ?? limitProblem(query.limit);
  if (problem) return problem;
  if (query.minDurationMs !== undefined && !(query.minDurationMs >= 0)) return 'minDurationMs must be ≥ 0';
  return undefined;
}

export function unknown(reason: string, tried: string): EvidenceUnknown {
  return { status: 'unknown', reason, tried };
}

/**
 * The truncation note when `shown` of `total` matching items are returned; total null when the
 * backend did not say (then `atLeast`, when known, is how many matched at least).
 */
export function truncation(
  shown: number,
  total: number | null,
  what: string,
  narrow: string,
  atLeast = shown + 1,
): Truncation {
  const of = total === null ? `at least ${count(atLeast)}` : count(total);
  return { shown, total, hint: `${count(shown)} of ${of} ${what} shown; narrow the query with ${narrow}` };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export const LOG_NARROWING = 'a shorter range, contains, service or minLevel';
export const TRACE_NARROWING = 'a shorter range, service, minDurationMs, errorsOnly or attributes';
