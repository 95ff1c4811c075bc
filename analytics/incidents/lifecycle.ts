import type { IncidentDurations, IncidentState, IncidentTimes } from './types.js';

export const DEFAULT_RESOLVE_AFTER_HEALTHY_POLLS = 3;

export interface LifecycleState {
  state: IncidentState;
  /** Consecutive healthy polls so far. */
  healthyStreak: number;
  /** When the current streak began (null while unhealthy). */
  streakStartMs: number | null;
}

export interface PollFacts {
  atMs: number;
  /** The unit's verdict this poll is "healthy" (unknown is not healthy: missing data is not health). */
  healthy: boolean;
}

export type Transition = 'mitigating' | 'resolved' | 'relapsed' | null;

/**
 * One poll's effect on an incident. Hysteresis: resolved only after `resolveAfter` healthy polls
 * in a row; an unhealthy poll in between starts the count again (a relapse), so a flapping unit
 * does not open and close incidents.
 */
export function afterPoll(
  current: LifecycleState,
  poll: PollFacts,
  resolveAfter: number,
): { next: LifecycleState; transition: Transition } {
  if (!Number.isInteger(resolveAfter) || resolveAfter < 1)
    throw new RangeError('resolveAfter must be a whole number ≥ 1');
  if (current.state === 'resolved' || current.state === 'analysed') return { next: current, transition: null };
  if (!poll.healthy) {
    const relapsed = current.healthyStreak > 0;
    return { next: { ...current, healthyStreak: 0, streakStartMs: null }, transition: relapsed ? 'relapsed' : null };
  }
  const healthyStreak = current.healthyStreak + 1;
  const streakStartMs = current.streakStartMs ?? poll.atMs;
  if (healthyStreak >= resolveAfter)
    return { next: { state: 'resolved', healthyStreak, streakStartMs }, transition: 'resolved' };
  return { next: { ...current, healthyStreak, streakStartMs }, transition: null };
}

/** A decision moves an open incident to mitigating; later states are kept. */
export function afterDecision(state: IncidentState): { state: IncidentState; transition: Transition } {
  return state === 'open' ? { state: 'mitigating', transition: 'mitigating' } : { state, transition: null };
}

export function durations(times: IncidentTimes): IncidentDurations {
  return {
    timeToDetectMs: Math.max(0, times.openedAtMs - times.firstSignalMs),
    timeToDecisionMs: times.decidedAtMs === null ? null : Math.max(0, times.decidedAtMs - times.openedAtMs),
    timeToRecoverMs: times.recoveredAtMs === null ? null : Math.max(0, times.recoveredAtMs - times.firstSignalMs),
  };
}
