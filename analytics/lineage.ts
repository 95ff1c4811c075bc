// Signal lineage: what each source's judgement rests on. Two sources that read the same
// measurement (the central metrics and an edge agent both judging the unit's error-rate series)
// are one piece of evidence, not two.
import type { Signal, SignalSourceName } from './types.js';

/** What a source measures when it does not say: its own measurement, except the metrics, which read the telemetry. */
export const DEFAULT_MEASURES: Record<SignalSourceName, readonly string[]> = {
  metrics: ['telemetry'],
  'anomaly-api': ['anomaly-api'],
  alertmanager: ['alert-rules'],
  'edge-agent': ['edge-local'],
  operator: ['operator'],
};

export function measuresOf(signal: Signal): readonly string[] {
  return signal.measures && signal.measures.length > 0 ? signal.measures : DEFAULT_MEASURES[signal.source];
}

export interface Independence {
  /** How many of the signals are independent: the most that can each be credited a measurement of their own. */
  count: number;
  /** Groups of sources that were credited only once, with the measurement they share. */
  shared: { sources: SignalSourceName[]; measurement: string }[];
}

/**
 * Independent evidence among `signals`: a maximum matching of signals to distinct measurements, so
 * a source counts only if it can be credited a measurement of its own, and sources resting on
 * exactly the same measurements count once. The count never exceeds the number of distinct
 * measurements, of distinct lineages, nor of sources.
 */
export function independence(signals: readonly Signal[]): Independence {
  // sources with exactly the same lineage are one; the rest are matched to measurements
  const keyOf = (ms: readonly string[]) => [...new Set(ms)].sort().join('+');
  const firstOf = new Map<string, number>();
  const measures = signals.map((s, i) => {
    const ms = measuresOf(s);
    const key = keyOf(ms);
    if (firstOf.has(key)) return [] as readonly string[];
    firstOf.set(key, i);
    return ms;
  });
  const owner = new Map<string, number>();
  const tryAssign = (i: number, seen: Set<string>): boolean => {
    for (const m of measures[i]!) {
      if (seen.has(m)) continue;
      seen.add(m);
      const holder = owner.get(m);
      if (holder === undefined || tryAssign(holder, seen)) {
        owner.set(m, i);
        return true;
      }
    }
    return false;
  };
  let count = 0;
  const unmatched: number[] = [];
  signals.forEach((_, i) => {
    if (tryAssign(i, new Set())) count++;
    else unmatched.push(i);
  });
  const shared = new Map<string, Set<SignalSourceName>>();
  for (const i of unmatched) {
    for (const m of measuresOf(signals[i]!)) {
      const holder = owner.get(m);
      if (holder === undefined) continue;
      const group = shared.get(m) ?? new Set([signals[holder]!.source]);
      group.add(signals[i]!.source);
      shared.set(m, group);
    }
  }
  return {
    count,
    shared: [...shared].map(([measurement, sources]) => ({ measurement, sources: [...sources] })),
  };
}
