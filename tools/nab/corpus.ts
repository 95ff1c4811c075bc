// Reads the NAB subset (data CSVs + labelled windows) from disk into plain arrays for scoring.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NabWindow } from '../../analytics/anomaly/nab-score.js';
import { HeadroomError } from '../../analytics/errors.js';

/** The NAB categories shipped in shared/data/nab. */
export const NAB_SUBSET_DIRS = ['realKnownCause', 'realTraffic', 'realAWSCloudwatch'] as const;

export interface NabDataFile {
  /** Key as in NAB's label files, e.g. "realTraffic/speed_6005.csv". */
  name: string;
  timesMs: Float64Array;
  values: Float64Array;
  windows: NabWindow[];
}

/** NAB's timestamps have no zone: read them as UTC, consistently for data and labels. */
export function parseNabTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(text.trim());
  if (!m) throw new HeadroomError('INPUT_INVALID', `not a NAB timestamp: "${text}"`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
}

export function parseNabCsv(text: string, name: string): { timesMs: Float64Array; values: Float64Array } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'timestamp,value') {
    throw new HeadroomError('INPUT_INVALID', `${name}: expected header "timestamp,value", got "${lines[0]}"`);
  }
  const timesMs = new Float64Array(lines.length - 1);
  const values = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const [ts, v] = (lines[i] as string).split(',');
    timesMs[i - 1] = parseNabTimestamp(ts ?? '');
    values[i - 1] = Number(v);
  }
  return { timesMs, values };
}

/**
 * Maps windows given as [start, end] timestamps to inclusive row indices: first row at or after the
 * start, last row at or before the end (NAB's windows start and end on rows of the file).
 */
export function windowsToRows(timesMs: Float64Array, windows: [string, string][], name: string): NabWindow[] {
  return windows.map(([from, to]) => {
    const startMs = parseNabTimestamp(from);
    const endMs = parseNabTimestamp(to);
    const start = timesMs.findIndex((t) => t >= startMs);
    let end = -1;
    for (let i = timesMs.length - 1; i >= 0; i--) {
      if ((timesMs[i] as number) <= endMs) {
        end = i;
        break;
      }
    }
    if (start < 0 || end < start) {
      throw new HeadroomError('INPUT_INVALID', `${name}: window ${from} .. ${to} holds no rows of the file`);
    }
    return { start, end };
  });
}

/** Loads every CSV of the subset with its windows; `nabDir` is the folder holding data/ and labels/. */
export function loadNabCorpus(nabDir: string): NabDataFile[] {
  const labelsPath = join(nabDir, 'labels', 'combined_windows.json');
  if (!existsSync(labelsPath)) {
    throw new HeadroomError(
      'DATA_MISSING',
      `NAB labels not found at ${labelsPath} (use --data to point at shared/data)`,
    );
  }
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as Record<string, [string, string][]>;
  const files: NabDataFile[] = [];
  for (const dir of NAB_SUBSET_DIRS) {
    const folder = join(nabDir, 'data', dir);
    if (!existsSync(folder)) continue;
    for (const csv of readdirSync(folder)
      .filter((f) => f.endsWith('.csv'))
      .sort()) {
      const name = `${dir}/${csv}`;
      const windows = labels[name];
      if (!windows) throw new HeadroomError('DATA_MISSING', `no labelled windows for ${name} in ${labelsPath}`);
      const { timesMs, values } = parseNabCsv(readFileSync(join(folder, csv), 'utf8'), name);
      files.push({ name, timesMs, values, windows: windowsToRows(timesMs, windows, name) });
    }
  }
  if (files.length === 0) throw new HeadroomError('DATA_MISSING', `no NAB CSVs under ${join(nabDir, 'data')}`);
  return files;
}
