import { HeadroomError } from '../../analytics/errors.js';

/**
 * JSON with object keys sorted recursively and no whitespace, so equal values always give equal
 * text: the audit chain hashes it, and "did this recommendation change?" compares it.
 *
 * It follows JSON.stringify's rules for everything else (toJSON is honoured, undefined and
 * functions are dropped from objects and become null in arrays, NaN and ±Infinity become null),
 * so canonicalJson(JSON.parse(canonicalJson(x))) === canonicalJson(x): a value read back from the
 * store hashes exactly as it did when written. Cycles, BigInt and a top-level undefined throw.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value, []);
  if (text === undefined) {
    throw new HeadroomError('INPUT_INVALID', `canonicalJson: ${typeof value} has no JSON form`);
  }
  return text;
}

function write(input: unknown, ancestors: object[]): string | undefined {
  const value = hasToJson(input) ? input.toJSON() : input;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      throw new HeadroomError('INPUT_INVALID', 'canonicalJson: BigInt has no JSON form');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  const object = value as object;
  if (ancestors.includes(object)) throw new HeadroomError('INPUT_INVALID', 'canonicalJson: value contains a cycle');
  const inner = [...ancestors, object];
  if (Array.isArray(object)) {
    return `[${object.map((item) => write(item, inner) ?? 'null').join(',')}]`;
  }
  const record = object as Record<string, unknown>;
  const members: string[] = [];
  // Sorted by UTF-16 code units (the default sort): stable and independent of insertion order.
  for (const key of Object.keys(record).sort()) {
    const text = write(record[key], inner);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}

function hasToJson(value: unknown): value is { toJSON: () => unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
