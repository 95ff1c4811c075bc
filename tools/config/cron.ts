import { HeadroomError } from '../../analytics/errors.js';

/** A five-field cron expression (minute hour day-of-month month day-of-week), evaluated in a time zone. */
export interface CronSpec {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Standard cron: when both day fields are restricted, either may match. */
  dayOr: boolean;
  source: string;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

export function parseCron(source: string): CronSpec {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new HeadroomError('CONFIG_INVALID', `cron "${source}": expected 5 fields (m h dom mon dow)`);
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!, source));
  const weekdays = new Set([...sets[4]!].map((d) => d % 7));
  return {
    minutes: sets[0]!,
    hours: sets[1]!,
    days: sets[2]!,
    months: sets[3]!,
    weekdays,
    dayOr: parts[2] !== '*' && parts[4] !== '*',
    source,
  };
}

function parseField(text: string, f: (typeof FIELDS)[number], source: string): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new HeadroomError('CONFIG_INVALID', `cron "${source}": cannot read ${f.name} "${item}"`);
    const from = m[1] === '*' ? f.min : Number(m[2]);
    const to = m[1] === '*' ? f.max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? f.max : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < f.min || to > f.max || from > to || step < 1)
      throw new HeadroomError('CONFIG_INVALID', `cron "${source}": ${f.name} "${item}" is outside ${f.min}-${f.max}`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

interface LocalParts {
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function localParts(ms: number, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  return {
    month: Number(p.month),
    day: Number(p.day),
    weekday: WEEKDAYS[p.weekday!] ?? 0,
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
  };
}

function hourMatches(spec: CronSpec, p: LocalParts): boolean {
  const dom = spec.days.has(p.day);
  const dow = spec.weekdays.has(p.weekday);
  const dayOk = spec.dayOr ? dom || dow : dom && dow;
  return dayOk && spec.months.has(p.month) && spec.hours.has(p.hour);
}

const MINUTE = 60_000;
const LIMIT_HOURS = 24 * 800;

/** The first occurrence strictly after `afterMs`, or null when none within about two years. */
export function nextOccurrence(spec: CronSpec, timeZone: string, afterMs: number): number | null {
  let t = Math.floor(afterMs / MINUTE) * MINUTE + MINUTE;
  for (let i = 0; i < LIMIT_HOURS; i++) {
    const p = localParts(t, timeZone);
    if (hourMatches(spec, p)) {
      for (let m = p.minute; m < 60; m++) if (spec.minutes.has(m)) return t + (m - p.minute) * MINUTE;
    }
    t += (60 - p.minute) * MINUTE;
  }
  return null;
}

/** The latest occurrence at or before `atMs`, or null when none within about two years. */
export function previousOccurrence(spec: CronSpec, timeZone: string, atMs: number): number | null {
  let t = Math.floor(atMs / MINUTE) * MINUTE;
  for (let i = 0; i < LIMIT_HOURS; i++) {
    const p = localParts(t, timeZone);
    if (hourMatches(spec, p)) {
      for (let m = p.minute; m >= 0; m--) if (spec.minutes.has(m)) return t - (p.minute - m) * MINUTE;
    }
    t -= (p.minute + 1) * MINUTE;
  }
  return null;
}
