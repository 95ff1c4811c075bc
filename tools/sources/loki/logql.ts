// LogQL for a LogQuery: a stream selector on the unit (and service, level) labels and a
// case-insensitive line filter. Every value is quoted, every regex character escaped.
import type { LogQuery } from '../evidence.js';
import { levelsAtLeast } from '../evidence-query.js';

export interface LokiLabels {
  workUnit: string;
  service: string;
  level: string;
}

/** A Go/LogQL double-quoted string (JSON's escaping is a subset Loki accepts). */
export function quote(text: string): string {
  return JSON.stringify(text);
}

/** Escapes RE2 metacharacters so the text matches literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function logqlFor(query: LogQuery, labels: LokiLabels): string {
  const matchers = [`${labels.workUnit}=${quote(query.workUnit)}`];
  if (query.service !== undefined) matchers.push(`${labels.service}=${quote(query.service)}`);
  if (query.minLevel !== undefined && query.minLevel !== 'debug') {
    matchers.push(`${labels.level}=~${quote(levelsAtLeast(query.minLevel).join('|'))}`);
  }
  let logql = `{${matchers.join(', ')}}`;
  if (query.contains !== undefined && query.contains !== '')
    logql += ` |~ ${quote(`(?i)${escapeRegex(query.contains)}`)}`;
  return logql;
}
