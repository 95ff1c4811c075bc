const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const cache = new Map<string, number>();

/** Minutes to add to UTC for local time in `timezone` at `ms`; cached per zone and UTC hour (Intl is slow). */
export function utcOffsetMinutes(timezone: string, ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  const key = `${timezone}|${hour}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let fmt = formatters.get(timezone);
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
    formatters.set(timezone, fmt);
  }
  const at = hour * HOUR_MS;
  const parts = Object.fromEntries(fmt.formatToParts(at).map((p) => [p.type, p.value]));
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  const offset = Math.round((local - at) / 60_000);
  if (cache.size > 200_000) cache.clear();
  cache.set(key, offset);
  return offset;
}
