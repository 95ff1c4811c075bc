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
