// Error signatures of log lines and how a window compares with the same window a day and a week
// earlier. Pure: lines in, counts out; the caller fetches the three windows. A signature is the
// message with its variable parts (ids, addresses, numbers) replaced by placeholders, so
// "timed out after 5000ms" and "timed out after 30000ms" are one pattern.

export interface PatternLine {
  timeMs: number;
  service: string;
  level: string;
  message: string;
}

export interface LogPattern {
  signature: string;
  /** Highest level seen with it in the current window. */
  level: string;
  count: number;
  dayBeforeCount: number;
  weekBeforeCount: number;
  /** Absent from both earlier windows. */
  isNew: boolean;
  /** count / max(day-before, week-before); null when new. */
  growth: number | null;
  firstSeenMs: number;
  lastSeenMs: number;
  services: string[];
  /** One message carrying it (untrusted text: redact before showing). */
  example: string;
}

export interface PatternSummary {
  patterns: LogPattern[];
  /** Lines considered (at or above the level) per window. */
  lines: { current: number; dayBefore: number; weekBefore: number };
  /** Distinct signatures in the current window; patterns holds the top ones. */
  distinctSignatures: number;
}

export interface PatternWindows {
  current: readonly PatternLine[];
  dayBefore: readonly PatternLine[];
  weekBefore: readonly PatternLine[];
}

const LEVEL_ORDER = ['debug', 'info', 'unknown', 'warn', 'error', 'fatal'];

/** Only a message's first characters are folded: bounded work per line, whatever a line holds. */
const MAX_MESSAGE = 2_000;

// In order: each rule sees the placeholders of the ones before it (placeholders hold no digits).
// Each rule runs only on messages holding its marker (a cheap includes() before the regex).
const BEFORE_PATHS: [RegExp, string, string][] = [
  // 2026-03-04T02:00:00.123Z, 2026-03-04 02:00:00+01:00
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z\b|[+-]\d{2}:?\d{2}\b)?/g, '<time>', ':'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>', '-'],
  // an address with an alphabetic top-level domain (checkout@3.9.0 is a release, not an email)
  [/(?<![\w.+-])[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}\b/gi, '<email>', '@'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>', '.'],
  // a URL's query string: ?page=2&user=ab12 → ?<query>
  [/(?<=[\w/])\?[\w.~%-]+=[^\s"')]*/g, '?<query>', '?'],
  // request_id=…, user-id=…, userId=…, traceID=…, id=…
  [/\b((?:[A-Za-z]+[_-])?(?:id|ID)|[a-z]+(?:Id|ID))=[^\s,;&"')]+/g, '$1=<id>', '='],
  // Kubernetes pod names: checkout-7d4b9c8f6-x2k4q → checkout-<pod>
  [/(?<![a-z0-9-])([a-z][a-z0-9-]*?)-(?=[a-z]*\d)[a-z0-9]{8,10}-[a-z0-9]{5}\b/g, '$1-<pod>', '-'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>', '0'],
  // hex of 7+ characters with a digit and a letter: short and long shas, request ids
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>', ''],
];

/** A URL path: from a slash not glued to a number (12/12 is a ratio), or after a host's port. */
const PATH = /(?:(?<!\d)|(?<=:\d+))\/[\w.~%/<>-]*/g;
const VERSION_SEGMENT = /^v\d+(?:[a-z]+\d*)?$/i;

/** Path segments that are ids: all digits, or 6+ characters with a digit that are not a version. */
function foldPathIds(path: string): string {
  return path
    .split('/')
    .map((seg) =>
      /^\d+$/.test(seg) || (seg.length >= 6 && /\d/.test(seg) && !VERSION_SEGMENT.test(seg)) ? '<id>' : seg,
    )
    .join('/');
}

const AFTER_PATHS: [RegExp, string][] = [
  // numbers that stand alone or lead a unit (30000ms, 5xx); digits inside a word (http2, v1, E11000) stay
  [/(?<![A-Za-z_\d])\d+(?:[.,]\d+)*/g, '<n>'],
  // runs of whitespace, tabs and newlines → one space (a lone space is left as it is)
  [/\s{2,}|[^\S ]/g, ' '],
];

/**
 * The message with its variable parts replaced (times, uuids, emails, addresses, query strings,
 * id values, pod names, hex, id-like path segments, numbers) in its first 2,000 characters; at
 * most 200 characters.
 */
export function signatureOf(message: string): string {
  let s = message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message;
  for (const [re, placeholder, marker] of BEFORE_PATHS) if (s.includes(marker)) s = s.replace(re, placeholder);
  if (s.includes('/')) s = s.replace(PATH, foldPathIds);
  for (const [re, placeholder] of AFTER_PATHS) s = s.replace(re, placeholder);
  s = s.trim();
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

export function levelRank(level: string): number {
  const i = LEVEL_ORDER.indexOf(level);
  return i < 0 ? LEVEL_ORDER.indexOf('unknown') : i;
}

/**
 * The top `top` error signatures of the current window, new ones first, then by count; each with
 * its counts a day and a week earlier. Lines below `minLevel` (default warn) are ignored.
 */
export function summarisePatterns(
  windows: PatternWindows,
  options: { top?: number; minLevel?: string } = {},
): PatternSummary {
  const top = options.top ?? 10;
  const min = levelRank(options.minLevel ?? 'warn');
  const keep = (l: PatternLine) => levelRank(l.level) >= min;
  const earlier = (lines: readonly PatternLine[]) => {
    const counts = new Map<string, number>();
    let n = 0;
    for (const l of lines) {
      if (!keep(l)) continue;
      n++;
      const sig = signatureOf(l.message);
      counts.set(sig, (counts.get(sig) ?? 0) + 1);
    }
    return { counts, n };
  };
  const day = earlier(windows.dayBefore);
  const week = earlier(windows.weekBefore);

  const current = new Map<string, LogPattern & { serviceSet: Set<string> }>();
  let n = 0;
  for (const l of windows.current) {
    if (!keep(l)) continue;
    n++;
    const signature = signatureOf(l.message);
    let p = current.get(signature);
    if (!p) {
      const dayBeforeCount = day.counts.get(signature) ?? 0;
      const weekBeforeCount = week.counts.get(signature) ?? 0;
      p = {
        signature,
        level: l.level,
        count: 0,
        dayBeforeCount,
        weekBeforeCount,
        isNew: dayBeforeCount === 0 && weekBeforeCount === 0,
        growth: null,
        firstSeenMs: l.timeMs,
        lastSeenMs: l.timeMs,
        services: [],
        example: l.message,
        serviceSet: new Set(),
      };
      current.set(signature, p);
    }
    p.count++;
    if (levelRank(l.level) > levelRank(p.level)) p.level = l.level;
    if (l.timeMs < p.firstSeenMs) p.firstSeenMs = l.timeMs;
    if (l.timeMs > p.lastSeenMs) p.lastSeenMs = l.timeMs;
    p.serviceSet.add(l.service);
  }
  const patterns = [...current.values()]
    .map(({ serviceSet, ...p }) => ({
      ...p,
      services: [...serviceSet].sort(),
      growth: p.isNew ? null : p.count / Math.max(p.dayBeforeCount, p.weekBeforeCount),
    }))
    .sort((a, b) => Number(b.isNew) - Number(a.isNew) || b.count - a.count || a.signature.localeCompare(b.signature))
    .slice(0, top);
  return { patterns, lines: { current: n, dayBefore: day.n, weekBefore: week.n }, distinctSignatures: current.size };
}
