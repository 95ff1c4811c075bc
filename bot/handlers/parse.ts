import { HeadroomError } from '../../analytics/errors.js';

/** "a=0.6,b=0.4" → { a: 0.6, b: 0.4 } */
export function parseAssignments(text: string, option: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [key, value, extra] = part.split('=');
    const n = Number(value);
    if (!key?.trim() || value === undefined || value.trim() === '' || extra !== undefined || !Number.isFinite(n)) {
      throw new HeadroomError('USAGE', `${option}: expected id=number[,id=number…], got "${part}"`);
    }
    const id = key.trim();
    if (id in out) throw new HeadroomError('USAGE', `${option}: ${id} is given twice; give each once`);
    out[id] = n;
  }
  return out;
}
