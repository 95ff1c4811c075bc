import { HeadroomError } from '../../analytics/errors.js';
import { unitModelOf } from '../../analytics/replay.js';
import type { WorkUnitId } from '../../analytics/types.js';
import { simulateWhatIf, type WhatIfResult } from '../../analytics/whatif.js';
import type { Core } from './core.js';
import { evaluateFleet } from './evaluate.js';
import { loadOutlook, planInputFor } from './planning-input.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type WhatIfMoment = { kind: 'now' } | { kind: 'next-peak' } | { kind: 'days'; days: number };

export interface WhatIfRequest {
  shed: WorkUnitId[];
  split?: Record<WorkUnitId, number>;
  growPct?: number;
  addCapacityPct?: Record<WorkUnitId, number>;
  at: WhatIfMoment;
}

export interface WhatIfReport extends WhatIfResult {
  atTime: string;
  moment: string;
}

/** Parses "now", "next-peak" or "+Nd". */
export function parseMoment(text: string): WhatIfMoment {
  if (text === 'now') return { kind: 'now' };
  if (text === 'next-peak' || text === 'peak') return { kind: 'next-peak' };
  const m = /^\+(\d+)d$/.exec(text);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 999) return { kind: 'days', days: Number(m[1]) };
  if (m) throw new HeadroomError('USAGE', `--at +Nd takes 1 to 999 days, not ${m[1]}`);
  throw new HeadroomError('USAGE', `--at must be now, next-peak or +Nd (e.g. +30d), not "${text}"`);
}

/** The planning engine on a hypothetical state. */
export async function whatIf(core: Core, request: WhatIfRequest, atMs: number): Promise<WhatIfReport> {
  for (const id of [
    ...request.shed,
    ...Object.keys(request.split ?? {}),
    ...Object.keys(request.addCapacityPct ?? {}),
  ]) {
    core.unit(id);
  }
  const status = await evaluateFleet(core, atMs);
  const { fromMs, hours, label } = windowOf(request.at, atMs);
  const outlook = await loadOutlook(core, status, fromMs, hours);
  if (request.at.kind === 'now') {
    for (const u of status.workUnits) if (!Number.isNaN(u.load)) outlook.unitPeakLoad[u.id] = u.load;
  }
  const input = planInputFor(core, status, outlook, request.shed.length > 0 ? request.shed : []);
  const momentMs =
    request.at.kind === 'now' ? atMs : Math.max(...Object.values(outlook.unitPeakAtMs).filter(Number.isFinite), fromMs);
  const result = simulateWhatIf({
    fleet: core.fleet,
    atMs: momentMs,
    regionLoad: input.regionLoad,
    unitPeakLoad: input.unitPeakLoad,
    safeCapacity: input.safeCapacity,
    excluded: input.excluded,
    lastResort: input.lastResort,
    // the plan is replayed on the fleet model like a failover plan
    models: Object.fromEntries(status.workUnits.map((u) => [u.id, unitModelOf(u.baseline, u.capacity.kept)])),
    change: {
      shed: request.shed,
      growPct: request.growPct,
      addCapacityPct: request.addCapacityPct,
      forcedSplit: request.split,
    },
  });
  return { ...result, atTime: new Date(momentMs).toISOString(), moment: label };
}

function windowOf(at: WhatIfMoment, atMs: number): { fromMs: number; hours: number; label: string } {
  switch (at.kind) {
    case 'now':
      return { fromMs: atMs, hours: 1, label: 'now' };
    case 'next-peak':
      return { fromMs: atMs, hours: 24, label: 'the next daily peak' };
    case 'days':
      return { fromMs: atMs + at.days * DAY_MS, hours: 24, label: `the daily peak in ${at.days} days` };
  }
}
