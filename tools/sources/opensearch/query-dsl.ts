// The Query DSL body for a LogQuery: filters only (no scoring), newest first, exact total up to a cap,
// and a case-insensitive wildcard on the message's keyword field for a literal substring.
import type { LogLevel, LogQuery } from '../evidence.js';
import { levelsAtLeast } from '../evidence-query.js';

export interface OpenSearchFields {
  time: string;
  workUnit: string;
  service: string;
  level: string;
  message: string;
  /** A keyword (not analysed) copy of the message, for substring matching. */
  messageExact: string;
}

/** Totals are counted exactly up to this many hits (beyond it OpenSearch says "gte"). */
export const TRACK_TOTAL_HITS = 100_000;

/** The words a level is written with in indexes (level fields are keywords: case matters). */
const LEVEL_WORDS: Record<LogLevel, string[]> = {
  debug: ['debug', 'DEBUG', 'trace', 'TRACE'],
  info: ['info', 'INFO', 'information', 'notice', 'NOTICE'],
  warn: ['warn', 'WARN', 'warning', 'WARNING'],
  error: ['error', 'ERROR', 'err', 'ERR'],
  fatal: ['fatal', 'FATAL', 'critical', 'CRITICAL', 'panic', 'PANIC'],
  unknown: [],
};

/** Escapes the wildcard query's special characters so the text matches literally. */
export function escapeWildcard(text: string): string {
  return text.replace(/[\\*?]/g, '\\$&');
}

export function searchBody(query: LogQuery, fields: OpenSearchFields, size: number, timeoutMs: number) {
  const filter: Record<string, unknown>[] = [
    { term: { [fields.workUnit]: query.workUnit } },
    {
      range: {
        [fields.time]: {
          gte: new Date(query.range.startMs).toISOString(),
          lte: new Date(query.range.endMs).toISOString(),
          format: 'strict_date_optional_time',
        },
      },
    },
  ];
  if (query.service !== undefined) filter.push({ term: { [fields.service]: query.service } });
  if (query.minLevel !== undefined && query.minLevel !== 'debug') {
    filter.push({ terms: { [fields.level]: levelsAtLeast(query.minLevel).flatMap((l) => LEVEL_WORDS[l]) } });
  }
  if (query.contains !== undefined && query.contains !== '') {
    filter.push({
      wildcard: { [fields.messageExact]: { value: `*${escapeWildcard(query.contains)}*`, case_insensitive: true } },
    });
  }
  return {
    size,
    timeout: `${timeoutMs}ms`,
    track_total_hits: TRACK_TOTAL_HITS,
    sort: [{ [fields.time]: { order: 'desc' } }],
    query: { bool: { filter } },
  };
}
