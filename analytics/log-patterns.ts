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

const REPLACEMENTS: [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\d+(?:\.\d+)*/g, '<n>'],
  [/\s+/g, ' '],
];

/** The message with its variable parts replaced; at most 200 characters. */
export function signatureOf(message: string): string {
  let s = message;
  for (const [re, placeholder] of REPLACEMENTS) s = s.replace(re, placeholder);
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
