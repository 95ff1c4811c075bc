// Reads M4 Hourly (train, test and the organisers' benchmark forecasts) from shared/data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadroomError } from '../../analytics/errors.js';

export interface M4Series {
  id: string;
  train: number[];
  test: number[];
}

/** Rows of M4's CSV layout: quoted id, then quoted values, short rows padded with empty fields. */
export function readM4Rows(file: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.replace(/"/g, '').trim());
    const id = cells[0] as string;
    const values = cells
      .slice(1)
      .filter((c) => c !== '')
      .map(Number);
    if (values.some((v) => !Number.isFinite(v))) {
      throw new HeadroomError('INPUT_INVALID', `${file}:${i + 1}: a value of ${id} is not a number`);
    }
    rows.set(id, values);
  }
  return rows;
}

export function readM4Hourly(dataDir: string): M4Series[] {
  const dir = join(dataDir, 'm4-hourly');
  const train = readM4Rows(join(dir, 'train.csv'));
  const test = readM4Rows(join(dir, 'test.csv'));
  return [...train].map(([id, values]) => {
    const t = test.get(id);
    if (!t || t.length !== 48) throw new HeadroomError('INPUT_INVALID', `M4 test set lacks 48 values for ${id}`);
    return { id, train: values, test: t };
  });
}

export function readOfficialForecasts(dataDir: string, method: string): Map<string, number[]> {
  return readM4Rows(join(dataDir, 'm4-hourly', 'official-forecasts', `submission-${method}-hourly.csv`));
}
