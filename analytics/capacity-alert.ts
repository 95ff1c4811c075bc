// Proactive capacity alerts: when to speak about a unit's forecast crossing of safe capacity. Pure:
// what was last said and today's capacity view in, a decision out. Said once when the P90 peak first
// crosses within the alert horizon; again only when the crossing comes clearly earlier than said, or
// when it no longer crosses. Nothing while nothing changes.
import type { CapacityView } from './forecast/capacity-view.js';

const DAY_MS = 86_400_000;

/** What the channel was last told about a unit. */
export interface SaidCrossing {
  /** YYYY-MM-DD of the crossing said; null after "no longer crosses". */
  date: string | null;
  atMs: number;
}

export interface CapacityAlertOptions {
  /** Crossings further out than this are not alerted (default 30 days). */
  horizonDays?: number;
  /** A crossing this many days earlier than the one said is said again (default 3). */
  earlierByDays?: number;
}

export type CapacityAlertDecision =
  | { kind: 'crossing'; date: string; daysAhead: number; p90: number }
  | { kind: 'earlier'; date: string; daysAhead: number; p90: number; previous: string; daysEarlier: number }
  | { kind: 'cleared'; previous: string };

export function decideCapacityAlert(
  said: SaidCrossing | undefined,
  view: CapacityView,
  opts: CapacityAlertOptions = {},
): CapacityAlertDecision | null {
  const horizon = opts.horizonDays ?? 30;
  const earlierBy = opts.earlierByDays ?? 3;
  const todayMs = Math.floor(view.atMs / DAY_MS) * DAY_MS;
  const c = view.crossing;
  const daysAhead = c ? Math.round((c.dayMs - todayMs) / DAY_MS) : Number.POSITIVE_INFINITY;
  const crossing = c && daysAhead <= horizon ? { date: c.date, daysAhead, p90: c.p90 } : null;
  const previous = said?.date ?? null;
  if (previous === null) return crossing ? { kind: 'crossing', ...crossing } : null;
  if (!crossing) return { kind: 'cleared', previous };
  const daysEarlier = Math.round(
    (Date.parse(`${previous}T00:00:00Z`) - Date.parse(`${crossing.date}T00:00:00Z`)) / DAY_MS,
  );
  if (daysEarlier > earlierBy) return { kind: 'earlier', ...crossing, previous, daysEarlier };
  return null;
}

/** What to remember once the decision has been posted. */
export function saidAfter(decision: CapacityAlertDecision, atMs: number): SaidCrossing {
  return { date: decision.kind === 'cleared' ? null : decision.date, atMs };
}
