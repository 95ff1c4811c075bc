import { independence } from './lineage.js';
import type { Confidence, Signal, UnitVerdict, Verdict, WorkUnitId } from './types.js';

export interface VerdictInput {
  workUnit: WorkUnitId;
  signals: Signal[];
  atMs: number;
  /** Signals observed longer ago than this are stale and count as unknown. */
  freshnessMs: number;
}

/**
 * The consensus rule. Failover only when at least two independent sources fire; one source gives
 * "watch"; missing or stale data is "unknown", never "healthy". Sources are independent when they
 * rest on different measurements (see lineage.ts): two reading the same one count once, and the
 * confidence follows the number of independent sources, not of sources.
 */
export function decideVerdict({ workUnit, signals, atMs, freshnessMs }: VerdictInput): UnitVerdict {
  const checked = signals.map((s) => withFreshness(s, atMs, freshnessMs));
  const firing = checked.filter((s) => s.status === 'firing');
  const unknown = checked.filter((s) => s.status === 'unknown');
  const agreeing = independence(firing);
  const reasons: string[] = [];
  let verdict: Verdict;
  let confidence: Confidence;

  if (checked.length === 0) {
    verdict = 'unknown';
    confidence = 'low';
    reasons.push('no signal source reported on this unit');
  } else if (agreeing.count >= 2) {
    verdict = 'failover';
    confidence = agreeing.count >= 3 || unknown.length === 0 ? 'high' : 'medium';
    reasons.push(`${agreeing.count} independent sources agree: ${firing.map((s) => s.source).join(', ')}`);
  } else if (firing.length >= 1) {
    verdict = 'watch';
    confidence = unknown.length === 0 ? 'medium' : 'low';
    reasons.push(
      firing.length === 1
        ? `only one source fires (${firing[0]!.source}); a failover needs two that agree`
        : `${firing.map((s) => s.source).join(' and ')} fire but rest on the same measurement, so they count once; a failover needs two independent sources`,
    );
  } else if (unknown.length > 0) {
    verdict = 'unknown';
    confidence = 'low';
    reasons.push(
      `no source fires, but ${unknown.map((s) => s.source).join(', ')} cannot be read: missing data is not health`,
    );
  } else {
    verdict = 'healthy';
    confidence = 'high';
    reasons.push(`all ${checked.length} sources report ok`);
  }
  for (const group of agreeing.shared) {
    reasons.push(`${group.sources.join(' and ')} read the same measurement (${group.measurement}): counted once`);
  }
  if (unknown.length > 0 && verdict !== 'unknown') {
    reasons.push(`unknown: ${unknown.map((s) => `${s.source} (${s.detail})`).join('; ')}`);
  }
  return { workUnit, verdict, confidence, signals: checked, reasons };
}

function withFreshness(signal: Signal, atMs: number, freshnessMs: number): Signal {
  if (signal.status === 'unknown') return signal;
  if (signal.observedAtMs === undefined) {
    return { ...signal, status: 'unknown', detail: `${signal.detail} (no observation time)` };
  }
  const ageMs = atMs - signal.observedAtMs;
  if (ageMs > freshnessMs) {
    return {
      ...signal,
      status: 'unknown',
      detail: `stale: last data ${Math.round(ageMs / 60_000)} min old (${signal.detail})`,
    };
  }
  return signal;
}
