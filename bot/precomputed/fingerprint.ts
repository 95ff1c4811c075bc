import { createHash } from 'node:crypto';
import { canonicalJson } from '../store/canonical-json.js';

/**
 * What a learned set depends on besides the code: the fleet file's model, where history is read
 * from (the simulator's seed and faults, or the Prometheus section) and how much of it. Two runs with
 * the same fingerprint would learn the same thing; a set with another fingerprint is foreign.
 */
export function analyticsFingerprint(parts: { fleet: unknown; telemetry: unknown; history: unknown }): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 32);
}
