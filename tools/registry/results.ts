// Building tool results. The hints here are for the model: what to try next, in one sentence.
import type { ToolDeps } from './deps.js';
import type { ToolErrorCode, ToolResult } from './types.js';

export function ok<T>(data: T): ToolResult<T> {
  return { ok: true, data };
}

export function fail(code: ToolErrorCode, message: string, asked: Record<string, unknown>, hint: string) {
  return { ok: false as const, error: { code, message, asked, hint } };
}

export function knownWorkUnits(deps: ToolDeps): string[] {
  return deps.fleet().workUnits.map((u) => u.id);
}

export function unknownWorkUnitResult(
  ids: readonly string[],
  known: readonly string[],
  asked: Record<string, unknown>,
) {
  const list = ids.map((id) => `"${id}"`).join(', ');
  return fail(
    'UNKNOWN_WORK_UNIT',
    `unknown work unit${ids.length > 1 ? 's' : ''} ${list}`,
    asked,
    `Use one of the work unit ids: ${known.join(', ')} (call list_work_units for details).`,
  );
}

/** The first failure for ids that are not work units of the fleet; undefined when all are known. */
export function checkWorkUnits(deps: ToolDeps, ids: readonly (string | undefined)[], asked: Record<string, unknown>) {
  const known = knownWorkUnits(deps);
  const unknown = ids.filter((id): id is string => id !== undefined && !known.includes(id));
  return unknown.length > 0 ? unknownWorkUnitResult([...new Set(unknown)], known, asked) : undefined;
}

/** Rounds for model context: fewer digits, same meaning. NaN/Infinity become null. */
export function round(x: number, digits: number): number | null {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
