import type { FleetStatus } from '../../core/evaluate.js';
import type { Agreement, RecommendationRecord } from '../../store/types.js';
import type { KnownBlock } from '../slack-types.js';
import { context, header, pct, rps, section, untrustedText, when } from './kit.js';
import { fitBlocks, joinWithin } from './limits.js';

export function agreementText(a: Agreement): string {
  return a.rate === null
    ? 'Shadow-mode agreement: no decisions yet'
    : `Shadow-mode agreement: ${pct(a.rate)} (${a.followed} of ${a.decisions} decisions followed the recommendation)`;
}

/** /failover with no argument: fleet health, open recommendations, agreement rate. */
export function fleetMessage(
  status: FleetStatus,
  open: RecommendationRecord[],
  agreement: Agreement,
): { text: string; blocks: KnownBlock[] } {
  const rows = status.workUnits.map((u) => {
    const flag = u.verdict.verdict === 'healthy' ? '' : ` · *${u.verdict.verdict.toUpperCase()}*`;
    const low = u.headroomLevel === 'ok' ? '' : ` (${u.headroomLevel})`;
    return `• *${u.id}* ${u.state === 'active' ? '' : `_${u.state}_ `}— ${rps(u.load)} of ${rps(u.safeCapacity)}, headroom ${pct(u.headroom)}${low} · binding ${u.bindingResource}${flag}`;
  });
  const openLines =
    open.length === 0
      ? ['No open recommendations.']
      : open.map(
          (r) =>
            `• #${r.id} *${r.workUnit}* ${r.verdict} (${r.confidence}) since ${when(r.openedAtMs)} — ${untrustedText(r.summary)}`,
        );
  const unhealthy = status.workUnits.filter((u) => u.verdict.verdict !== 'healthy').length;
  const blocks: KnownBlock[] = [
    header('Fleet health'),
    context(`As of ${when(status.atMs)} · ${status.workUnits.length} work units, ${unhealthy} not healthy`),
    section(joinWithin(rows)),
    section(joinWithin(['*Open recommendations*', ...openLines])),
    context(agreementText(agreement)),
  ];
  return {
    text: `Fleet health: ${unhealthy} of ${status.workUnits.length} work units not healthy; ${open.length} open recommendations`,
    blocks: fitBlocks(blocks),
  };
}
