// The simulation's time grid and local-time arithmetic. Intl is far too slow to call per sample,
// so UTC offsets are cached per timezone per UTC day (per hour only on days when the offset changes).

export const SIM_STEP_MS = 5 * 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function stepOf(ms: number): number {
  return Math.floor(ms / SIM_STEP_MS);
}

export interface LocalTime {
  /** Fractional hour of the local day, 0 ≤ h < 24. */
  hour: number;
  /** Local day of week, 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Index of the local calendar day since 1970-01-01. */
  dayIndex: number;
}

export class TimezoneClock {
  private readonly formatters = new Map<string, Intl.DateTimeFormat>();
  private readonly dayOffsets = new Map<string, Map<number, number | Float64Array>>();

  /** UTC offset (ms, local − UTC) of `timezone` at `utcMs`. */
  offsetMs(timezone: string, utcMs: number): number {
    let perDay = this.dayOffsets.get(timezone);
    if (!perDay) {
      perDay = new Map();
      this.dayOffsets.set(timezone, perDay);
    }
    const day = Math.floor(utcMs / DAY_MS);
    let cached = perDay.get(day);
    if (cached === undefined) {
      const start = this.exactOffset(timezone, day * DAY_MS);
      const end = this.exactOffset(timezone, (day + 1) * DAY_MS - 1);
      if (start === end) {
        cached = start;
      } else {
        cached = new Float64Array(24);
        for (let h = 0; h < 24; h++) cached[h] = this.exactOffset(timezone, day * DAY_MS + h * HOUR_MS);
      }
      perDay.set(day, cached);
    }
    if (typeof cached === 'number') return cached;
    return cached[Math.floor((utcMs - day * DAY_MS) / HOUR_MS)]!;
  }

  local(timezone: string, utcMs: number): LocalTime {
    const localMs = utcMs + this.offsetMs(timezone, utcMs);
    const dayIndex = Math.floor(localMs / DAY_MS);
    const hour = (localMs - dayIndex * DAY_MS) / HOUR_MS;
    // 1970-01-01 was a Thursday (weekday 4).
    const weekday = (((dayIndex + 4) % 7) + 7) % 7;
    return { hour, weekday, dayIndex };
  }

  private exactOffset(timezone: string, utcMs: number): number {
    let fmt = this.formatters.get(timezone);
    if (!fmt) {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
      this.formatters.set(timezone, fmt);
    }
    const parts: Record<string, number> = {};
    for (const p of fmt.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
    const flooredUtc = Math.floor(utcMs / 60_000) * 60_000;
    return asUtc - flooredUtc;
  }
}
