import type { AnalyticsAge } from '../core/core.js';
import type { LearnedSetMeta } from '../precomputed/types.js';
import { when } from './figures.js';

const HOUR_MS = 3_600_000;

/** To the minute, with its zone: the one way a moment is written in text. */
export function minuteText(ms: number): string {
  return when(ms);
}

/** An age in the largest unit that reads naturally: "45 min", "26 h", "3 days". */
export function ageText(ms: number): string {
  if (ms < HOUR_MS) return `${Math.max(0, Math.round(ms / 60_000))} min`;
  if (ms < 48 * HOUR_MS) return `${Math.round(ms / HOUR_MS)} h`;
  return `${Math.round(ms / (24 * HOUR_MS))} days`;
}

/** What an answer rests on, for --json: the learned set's moment, age, origin and whether it is stale. */
export function analyticsAgeJson(age: AnalyticsAge | undefined) {
  if (!age) return null;
  return {
    asOf: new Date(age.asOfMs).toISOString(),
    computedAt: new Date(age.computedAtMs).toISOString(),
    ageHours: Math.round((age.ageMs / HOUR_MS) * 10) / 10,
    stale: age.stale,
    source: age.source,
    codeVersion: age.codeVersion,
    input: {
      from: new Date(age.inputRange.startMs).toISOString(),
      to: new Date(age.inputRange.endMs).toISOString(),
      stepMinutes: age.inputRange.stepMs / 60_000,
    },
    refreshFailure: age.refreshFailure
      ? { at: new Date(age.refreshFailure.atMs).toISOString(), message: age.refreshFailure.message }
      : null,
  };
}

/**
 * The line an answer carries when what it rests on is older than its daily cadence (a refresh
 * failed, or the store could not be refreshed); undefined when it is current.
 */
export function analyticsAgeNote(age: AnalyticsAge | undefined): string | undefined {
  if (!age?.stale) return undefined;
  const why = age.refreshFailure ? `; the last refresh failed: ${age.refreshFailure.message}` : '';
  return `Note: baselines and forecasts are from ${minuteText(age.asOfMs)}, ${ageText(age.ageMs)} old (refreshed daily)${why}`;
}

/** The text answer with the staleness note under it, when there is one. */
export function withAgeNote(text: string, age: AnalyticsAge | undefined): string {
  const note = analyticsAgeNote(age);
  return note ? `${text}\n${note}` : text;
}

/** One stored set, for `headroom analytics show`. */
export function learnedSetLine(m: LearnedSetMeta, nowMs: number): string {
  return [
    `set ${m.id ?? '-'}`,
    `as of ${minuteText(m.asOfMs)}`,
    `history ${minuteText(m.inputRange.startMs)} → ${minuteText(m.inputRange.endMs)}`,
    `computed ${minuteText(m.computedAtMs)} (${ageText(nowMs - m.computedAtMs)} ago, in ${(m.computeMs / 1000).toFixed(1)} s)`,
    `version ${m.codeVersion}`,
    `fleet ${m.fingerprint.slice(0, 12)}`,
  ].join('  ');
}
