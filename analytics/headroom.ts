import type { HeadroomLevel } from './vocabulary.js';

/** Headroom = (safe capacity − load) / safe capacity; negative when over. NaN when capacity is unknown. */
export function headroom(load: number, safeCapacity: number): number {
  if (!(safeCapacity > 0) || Number.isNaN(load)) return Number.NaN;
  return (safeCapacity - load) / safeCapacity;
}

export type { HeadroomLevel } from './vocabulary.js';

export function headroomLevel(value: number, warningBelow: number): HeadroomLevel {
  if (Number.isNaN(value)) return 'unknown';
  if (value < 0) return 'over';
  return value < warningBelow ? 'warning' : 'ok';
}
