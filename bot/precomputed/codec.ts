import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { CapacityBaseline, ClientRegionId, Series, WorkUnitId } from '../../analytics/types.js';
import type { StoredConnectionNorm } from './types.js';

/** The payload of a stored set: Maps and Float64Arrays as they are (V8's structured serialisation). */
export interface SetPayload {
  baselines: Map<WorkUnitId, CapacityBaseline>;
  hourlyLoad: Map<WorkUnitId, Series>;
  hourlyRegionLoad: Map<ClientRegionId, Map<WorkUnitId, Series>>;
  connectionNorms: Map<WorkUnitId, StoredConnectionNorm>;
}

export function encodePayload(value: unknown): { bytes: Buffer; checksum: string } {
  const bytes = serialize(value);
  return { bytes, checksum: checksumOf(bytes) };
}

export function checksumOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Decodes bytes whose checksum was checked; a payload V8 cannot read is a CorruptPayload. */
export function decodePayload(bytes: Uint8Array, checksum: string): unknown {
  if (checksumOf(bytes) !== checksum) throw new CorruptPayload('checksum does not match the payload');
  try {
    return deserialize(bytes);
  } catch (err) {
    throw new CorruptPayload(`unreadable payload: ${(err as Error).message}`);
  }
}

export class CorruptPayload extends Error {}

/** Checks a decoded set against the fleet it is meant for; throws CorruptPayload naming what is wrong. */
export function checkSetPayload(value: unknown, units: readonly WorkUnitId[]): SetPayload {
  const v = value as Partial<SetPayload> | null;
  if (!v || typeof v !== 'object') throw new CorruptPayload('payload is not an object');
  for (const key of ['baselines', 'hourlyLoad', 'hourlyRegionLoad', 'connectionNorms'] as const) {
    if (!(v[key] instanceof Map)) throw new CorruptPayload(`payload has no ${key} map`);
  }
  const p = v as SetPayload;
  for (const id of units) {
    const b = p.baselines.get(id);
    if (!b || b.workUnit !== id || typeof b.safeCapacity !== 'number') {
      throw new CorruptPayload(`no capacity baseline for ${id}`);
    }
    if (!isSeries(p.hourlyLoad.get(id))) throw new CorruptPayload(`no hourly load for ${id}`);
  }
  for (const [id, norm] of p.connectionNorms) {
    if (!Array.isArray(norm?.buckets)) throw new CorruptPayload(`connection norm of ${id} has no buckets`);
  }
  for (const [region, byUnit] of p.hourlyRegionLoad) {
    if (!(byUnit instanceof Map)) throw new CorruptPayload(`region load of ${region} is not a map`);
    for (const [id, s] of byUnit)
      if (!isSeries(s)) throw new CorruptPayload(`region load ${region}/${id} is not a series`);
  }
  return p;
}

function isSeries(s: unknown): s is Series {
  const x = s as Series | undefined;
  return !!x && typeof x.startMs === 'number' && typeof x.stepMs === 'number' && x.values instanceof Float64Array;
}
