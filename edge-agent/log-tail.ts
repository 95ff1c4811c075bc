import { open, stat } from 'node:fs/promises';
import type { LogPattern } from './wire/index.js';

export interface LogLine {
  atMs: number;
  level: 'error' | 'warn' | 'info';
  message: string;
}

/** Where reading starts on first open: recent context only, never a whole old log. */
const INITIAL_TAIL_BYTES = 256 * 1024;
const MAX_READ_BYTES = 4 * 1024 * 1024;
const MAX_LINES = 50_000;

/**
 * Follows an application log file (appends, truncation and rotation by replacement) and keeps the
 * recent lines in memory, for the error-log rate and the top log patterns.
 */
export class LogTail {
  private offset = -1;
  private inode = -1;
  private partial = '';
  private lines: LogLine[] = [];
  private readonly errorRe: RegExp;
  lastReadMs: number | undefined;
  lastProblem: string | undefined;

  constructor(
    readonly file: string,
    errorPattern: string,
    private readonly keepMs: number,
  ) {
    this.errorRe = new RegExp(errorPattern);
  }

  /** Reads what was appended since the last poll. Lines without their own timestamp are dated `nowMs`. */
  async poll(nowMs: number): Promise<void> {
    try {
      const s = await stat(this.file);
      if (s.ino !== this.inode || s.size < this.offset) {
        // first open, rotated or truncated
        this.offset = this.offset < 0 ? Math.max(0, s.size - INITIAL_TAIL_BYTES) : 0;
        this.inode = s.ino;
        this.partial = '';
      }
      if (s.size > this.offset) {
        const length = Math.min(s.size - this.offset, MAX_READ_BYTES);
        const handle = await open(this.file, 'r');
        try {
          const buf = Buffer.alloc(length);
          const { bytesRead } = await handle.read(buf, 0, length, this.offset);
          this.offset += bytesRead;
          this.ingest(buf.subarray(0, bytesRead).toString('utf8'), nowMs);
        } finally {
          await handle.close();
        }
      }
      this.lastReadMs = nowMs;
      this.lastProblem = undefined;
    } catch (err) {
      this.lastProblem = `cannot read ${this.file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    }
    const cutoff = nowMs - this.keepMs;
    const firstKept = this.lines.findIndex((l) => l.atMs >= cutoff);
    this.lines = firstKept < 0 ? [] : this.lines.slice(firstKept);
    if (this.lines.length > MAX_LINES) this.lines = this.lines.slice(-MAX_LINES);
  }

  /** Error lines per minute over the window ending at `nowMs`. */
  errorRate(nowMs: number, windowMs: number): { perMinute: number; errorLines: number } {
    const from = nowMs - windowMs;
    const errorLines = this.lines.filter((l) => l.atMs >= from && l.atMs <= nowMs && l.level === 'error').length;
    return { perMinute: errorLines / (windowMs / 60_000), errorLines };
  }

  /** The most frequent message shapes over the window, errors first on ties. */
  topPatterns(nowMs: number, windowMs: number, max: number): LogPattern[] {
    const from = nowMs - windowMs;
    const groups = new Map<string, LogPattern>();
    for (const line of this.lines) {
      if (line.atMs < from || line.atMs > nowMs) continue;
      const pattern = messageShape(line.message);
      const key = `${line.level}\u0000${pattern}`;
      const g = groups.get(key);
      if (g) {
        g.count++;
        g.lastSeenMs = Math.max(g.lastSeenMs, line.atMs);
        g.firstSeenMs = Math.min(g.firstSeenMs, line.atMs);
      } else {
        groups.set(key, {
          pattern,
          count: 1,
          level: line.level,
          firstSeenMs: line.atMs,
          lastSeenMs: line.atMs,
          example: line.message.slice(0, 300),
        });
      }
    }
    const rank = { error: 0, warn: 1, info: 2 } as Record<string, number>;
    return [...groups.values()]
      .sort(
        (a, b) =>
          b.count - a.count || (rank[a.level] ?? 3) - (rank[b.level] ?? 3) || a.pattern.localeCompare(b.pattern),
      )
      .slice(0, max);
  }

  private ingest(text: string, nowMs: number): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const raw of parts) {
      const message = raw.trim();
      if (!message) continue;
      const level = this.errorRe.test(message)
        ? 'error'
        : /\bWARN(ING)?\b|level=warn|"level":"warn"/i.test(message)
          ? 'warn'
          : 'info';
      this.lines.push({ atMs: lineTime(message) ?? nowMs, level, message });
    }
  }
}

/** A leading ISO-8601 timestamp or a JSON "time"/"ts" field in epoch ms, when the line has one. */
function lineTime(line: string): number | undefined {
  const iso = /^\[?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))/.exec(line);
  if (iso?.[1]) {
    const ms = Date.parse(iso[1]);
    if (Number.isFinite(ms)) return ms;
  }
  const json = /"(?:time|ts)":(\d{12,14})\b/.exec(line);
  return json?.[1] ? Number(json[1]) : undefined;
}

/** Replaces the parts of a message that vary between occurrences, so similar lines group together. */
export function messageShape(message: string): string {
  return message
    .replace(/^\[?\d{4}-\d\d-\d\dT\S+\]?\s*/, '')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>')
    .replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{16,}\b/gi, '<hex>')
    .replace(/"[^"]*"|'[^']*'/g, '<str>')
    .replace(/\b\d+(?:\.\d+)?(?:ms|s|%)?\b/g, '<n>')
    .slice(0, 200);
}
