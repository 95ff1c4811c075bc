// Which units may receive moved traffic. Barred: a unit in distress (verdict failover) or one we
// cannot see (unknown: missing data is not health). Degraded — a last resort, used only for what
// the clean targets cannot take: an active capacity loss, a verdict of watch, an open
// recommendation of its own.
import type { CapacityNow } from './capacity-now.js';
import type { UnitVerdict, WorkUnitId } from './types.js';

export interface UnitCondition {
  id: WorkUnitId;
  verdict: UnitVerdict;
  capacity: CapacityNow;
  /** The unit has an open recommendation of its own (the shadow loop knows). */
  openRecommendation?: boolean;
}

export interface TargetPolicy {
  excluded: Record<WorkUnitId, string>;
  lastResort: Record<WorkUnitId, string>;
}

export function targetPolicy(units: readonly UnitCondition[], drain: readonly WorkUnitId[] = []): TargetPolicy {
  const excluded: Record<WorkUnitId, string> = {};
  const lastResort: Record<WorkUnitId, string> = {};
  for (const u of units) {
    if (drain.includes(u.id)) continue;
    if (u.verdict.verdict === 'failover') {
      excluded[u.id] = 'its own verdict is failover';
      continue;
    }
    if (u.verdict.verdict === 'unknown') {
      excluded[u.id] = `verdict unknown: ${u.verdict.reasons[0] ?? 'no data'}`;
      continue;
    }
    const reasons: string[] = [];
    if (u.capacity.lost) reasons.push(`active capacity loss: ${u.capacity.detail}`);
    if (u.verdict.verdict === 'watch') reasons.push(`verdict watch: ${u.verdict.reasons[0] ?? 'one source fires'}`);
    if (u.openRecommendation) reasons.push('an open recommendation of its own');
    if (reasons.length > 0) lastResort[u.id] = reasons.join('; ');
  }
  return { excluded, lastResort };
}
