/** Fleet time. The demo runs an accelerated clock; production runs on wall time. */
export interface FleetClock {
  now(): number;
  /** Real milliseconds for `fleetMs` of fleet time. */
  realDelay(fleetMs: number): number;
}

export const wallClock: FleetClock = { now: () => Date.now(), realDelay: (ms) => ms };

export function acceleratedClock(startMs: number, speed: number, realNow: () => number = Date.now): FleetClock {
  const realStart = realNow();
  return {
    now: () => startMs + (realNow() - realStart) * speed,
    realDelay: (ms) => ms / speed,
  };
}

type MetaStore = { getMeta(key: string): string | undefined; setMeta(key: string, value: string): void };

/** The clock another replica anchored for this start and speed, if any. */
export function existingSharedClock(
  store: MetaStore,
  startMs: number,
  speed: number,
  realNow: () => number = Date.now,
): FleetClock | undefined {
  const stored = store.getMeta(CLOCK_ANCHOR_META);
  const anchor = stored ? (JSON.parse(stored) as { startMs: number; realStartMs: number; speed: number }) : undefined;
  if (!anchor || anchor.startMs !== startMs || anchor.speed !== speed) return undefined;
  return {
    now: () => anchor.startMs + (realNow() - anchor.realStartMs) * speed,
    realDelay: (ms) => ms / speed,
  };
}

/** Where replicas keep their shared fleet clock: fleet start, real start and speed. */
const CLOCK_ANCHOR_META = 'clock.anchor';

/**
 * An accelerated clock shared through the store: the first replica records when its fleet time
 * started; the others (and a restarted replica with the same start and speed) run from that
 * anchor, so every replica reads the same fleet time and a new leader never polls in the past.
 */
export function sharedAcceleratedClock(
  store: MetaStore,
  startMs: number,
  speed: number,
  realNow: () => number = Date.now,
): FleetClock {
  const existing = existingSharedClock(store, startMs, speed, realNow);
  if (existing) return existing;
  const realStartMs = realNow();
  store.setMeta(CLOCK_ANCHOR_META, JSON.stringify({ startMs, realStartMs, speed }));
  return { now: () => startMs + (realNow() - realStartMs) * speed, realDelay: (ms) => ms / speed };
}
