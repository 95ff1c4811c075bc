// TraceQL for a TraceQuery: one spanset per condition, joined with && (the trace must contain a
// span of the unit, one of the service, one that failed, one with all the attributes), so each
// condition keeps its own meaning. Values are quoted; attribute names are checked.
import type { TraceQuery } from '../evidence.js';

export interface TempoAttributes {
  /** Resource attribute naming the work unit. */
  workUnit: string;
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_.-]*$/;

export function quote(text: string): string {
  return JSON.stringify(text);
}

/** The TraceQL for the query, or the reason it cannot be written (an attribute name TraceQL cannot name). */
export function traceqlFor(
  query: TraceQuery,
  names: TempoAttributes,
  errorsOnly = query.errorsOnly === true,
): string | { problem: string } {
  const spansets = [`{ resource.${names.workUnit} = ${quote(query.workUnit)} }`];
  if (query.service !== undefined) spansets.push(`{ resource.service.name = ${quote(query.service)} }`);
  if (errorsOnly) spansets.push('{ status = error }');
  if (query.minDurationMs !== undefined) spansets.push(`{ traceDuration >= ${Math.ceil(query.minDurationMs)}ms }`);
  const attrs = Object.entries(query.attributes ?? {});
  for (const [k] of attrs) if (!NAME.test(k)) return { problem: `attribute name "${k}" cannot be written in TraceQL` };
  if (attrs.length > 0) spansets.push(`{ ${attrs.map(([k, v]) => `span.${k} = ${quote(v)}`).join(' && ')} }`);
  return spansets.join(' && ');
}
