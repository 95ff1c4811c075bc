import { TimezoneClock } from '../../tools/sim/clock.js';

// One cached clock for the process: UTC offsets per zone and day (Intl is far too slow per sample).
const clock = new TimezoneClock();

/** Minutes to add to UTC for local time in `timezone` at `ms`. */
export function utcOffsetMinutes(timezone: string, ms: number): number {
  return clock.offsetMs(timezone, ms) / 60_000;
}
