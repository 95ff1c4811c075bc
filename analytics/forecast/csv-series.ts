// `timestamp,value` CSV → an hourly Series. Timestamps are ISO-8601 or unix seconds; finer than
// hourly is aggregated to hours; missing hours stay NaN (the forecaster fills them).
import { HeadroomError } from '../errors.js';
import type { Series } from '../types.js';

const HOUR_MS = 3_600_000;
export type Aggregation = 'sum' | 'mean' | 'max';

function parseTime(text: string, line: number): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // ISO-8601; a timestamp without a zone is read as UTC, so results do not depend on the machine.
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(withZone) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `line ${line}: "${text}" is neither an ISO-8601 timestamp nor unix seconds`,
      {
        line,
      },
    );
  }
  return ms;
}

export function parseHourlyCsv(text: string, agg: Aggregation = 'mean'): Series {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim().toLowerCase().replace(/\s/g, '');
  if (header !== 'timestamp,value') {
    throw new HeadroomError('INPUT_INVALID', `line 1: expected the header "timestamp,value", got "${lines[0] ?? ''}"`, {
      line: 1,
    });
  }
  const rows: { ms: number; v: number }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (raw === '') continue;
    const line = i + 1;
    const cells = raw.split(',');
    if (cells.length !== 2) {
      throw new HeadroomError(
        'INPUT_INVALID',
        `line ${line}: expected 2 fields (timestamp,value), got ${cells.length}`,
        {
          line,
        },
      );
    }
    const ms = parseTime((cells[0] as string).trim(), line);
    const valueText = (cells[1] as string).trim();
    const v = valueText === '' ? Number.NaN : Number(valueText);
    if (valueText !== '' && !Number.isFinite(v)) {
      throw new HeadroomError('INPUT_INVALID', `line ${line}: value "${valueText}" is not a number`, { line });
    }
    if (rows.length > 0 && ms <= (rows.at(-1) as { ms: number }).ms) {
      throw new HeadroomError('INPUT_INVALID', `line ${line}: timestamps must increase`, { line });
    }
    rows.push({ ms, v });
  }
  if (rows.length === 0) throw new HeadroomError('INPUT_INVALID', 'the CSV has no data rows');
  const steps = rows.slice(1).map((r, i) => r.ms - (rows[i] as { ms: number }).ms);
  const typical = steps.sort((a, b) => a - b)[Math.floor((steps.length - 1) / 2)] ?? HOUR_MS; // lower median
  if (typical > HOUR_MS) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `samples must be hourly or finer; the typical step is ${typical / 60_000} min`,
    );
  }
  // Bucket every sample into its UTC hour, then reduce each bucket.
  const startMs = Math.floor((rows[0] as { ms: number }).ms / HOUR_MS) * HOUR_MS;
  const hours = Math.floor(((rows.at(-1) as { ms: number }).ms - startMs) / HOUR_MS) + 1;
  const buckets: number[][] = Array.from({ length: hours }, () => []);
  for (const r of rows) if (!Number.isNaN(r.v)) buckets[Math.floor((r.ms - startMs) / HOUR_MS)]?.push(r.v);
  const values = new Float64Array(hours);
  buckets.forEach((b, i) => {
    values[i] =
      b.length === 0
        ? Number.NaN
        : agg === 'sum'
          ? b.reduce((a, x) => a + x, 0)
          : agg === 'max'
            ? Math.max(...b)
            : b.reduce((a, x) => a + x, 0) / b.length;
  });
  return { startMs, stepMs: HOUR_MS, values };
}

/** "48" (hours), "48h" or "30d" → hours. */
export function parseHorizon(text: string): number {
  const m = /^(\d+)\s*([hd]?)$/.exec(text.trim());
  const n = m ? Number(m[1]) * (m[2] === 'd' ? 24 : 1) : Number.NaN;
  if (!(n >= 1)) throw new HeadroomError('USAGE', `--horizon must be hours ("48") or days ("30d"), got "${text}"`);
  return n;
}
