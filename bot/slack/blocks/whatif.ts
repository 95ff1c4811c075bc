import type { WhatIfReport } from '../../core/whatif.js';
import { whatifLoadWord } from '../../format/figures.js';
import { planJson } from '../../format/json.js';
import type { KnownBlock } from '../slack-types.js';
import { context, esc, header, money, pct, rps, section, signedMs, when } from './kit.js';
import { fitBlocks, joinWithin } from './limits.js';

/** Lines of a what-if answer, shared by /capacity whatif and the question handler. */
export function whatifLines(r: WhatIfReport): string[] {
  const lines = [
    `*What-if at ${r.moment}* (${when(Date.parse(r.atTime))}): ${r.feasible ? 'feasible' : '*NOT feasible*'}`,
    ...r.workUnits.map(
      (u) =>
        `• *${u.id}* ${whatifLoadWord(r.moment)} ${rps(u.peakLoad)} of safe ${rps(u.safeCapacity)} — headroom ${pct(u.headroomAtPeak)}`,
    ),
    ...r.violations.map((v) => `:warning: ${esc(v.detail)}`),
  ];
  if (r.plan) {
    const p = planJson(r.plan);
    lines.push(
      `*Moved traffic* ${rps(p.movedLoad)}${p.feasible ? '' : ` — shed ${rps(p.shedRequired)}`}`,
      ...p.targets.map(
        (t) =>
          `• → *${t.workUnit}* ${pct(t.share)} · headroom after ${pct(t.headroomAfter)} · TTFB p95 ${signedMs(t.ttfbP95DeltaMs)}`,
      ),
      `Cost ${money(p.costPerHourDelta)}`,
    );
  }
  return lines;
}

export function whatifMessage(r: WhatIfReport, asked: string): { text: string; blocks: KnownBlock[] } {
  return {
    text: `What-if at ${r.moment}: ${r.feasible ? 'feasible' : 'NOT feasible'}`,
    blocks: fitBlocks([header('What-if'), context(`\`${esc(asked)}\``), section(joinWithin(whatifLines(r)))]),
  };
}
