import { HeadroomError } from '../../analytics/errors.js';
import { type CapacityReport, capacityReport } from '../core/capacity.js';
import type { Core } from '../core/core.js';
import { evaluateFleet, type FleetStatus } from '../core/evaluate.js';
import { type FailoverReport, failoverReport } from '../core/failover.js';
import { parseMoment, type WhatIfReport, type WhatIfRequest, whatIf } from '../core/whatif.js';
import type { RecommendationRecord, Store } from '../store/index.js';
import { parseAssignments } from './parse.js';

/**
 * The handlers behind the typed commands, shared by the terminal console and Slack. They return
 * domain values; each front end formats them its own way.
 */
export interface HandlerDeps {
  core: Core;
  store: Store;
  now: () => number;
}

export type FailoverAnswer =
  | { kind: 'fleet'; status: FleetStatus; open: RecommendationRecord[]; agreement: ReturnType<Store['agreement']> }
  | { kind: 'plan'; report: FailoverReport };

export async function handleFailover(deps: HandlerDeps, args: string[]): Promise<FailoverAnswer> {
  const atMs = deps.now();
  if (args.length === 0) {
    const status = await evaluateFleet(deps.core, atMs);
    return {
      kind: 'fleet',
      status,
      open: deps.store.listRecommendations({ open: true }),
      agreement: deps.store.agreement({}),
    };
  }
  return { kind: 'plan', report: await failoverReport(deps.core, args[0]!, atMs) };
}

export async function handleCapacity(deps: HandlerDeps, args: string[]): Promise<CapacityReport> {
  return capacityReport(deps.core, deps.now(), args[0]);
}

export async function handleWhatIf(deps: HandlerDeps, args: string[]): Promise<WhatIfReport> {
  return whatIf(deps.core, parseWhatIfWords(args), deps.now());
}

/** "shed eu-west-1 split eu-central-1=0.7,us-east-1=0.3 grow 10 add-capacity x=20 at next-peak" (leading dashes optional). */
export function parseWhatIfWords(words: string[]): WhatIfRequest {
  const request: WhatIfRequest = { shed: [], at: { kind: 'now' } };
  for (let i = 0; i < words.length; i += 2) {
    const key = words[i]!.replace(/^--?/, '');
    const value = words[i + 1];
    if (value === undefined) throw new HeadroomError('USAGE', `whatif: "${key}" needs a value`);
    if (key === 'shed' || key === 'decommission') request.shed.push(...value.split(',').filter(Boolean));
    else if (key === 'split') request.split = parseAssignments(value, 'split');
    else if (key === 'grow') request.growPct = finite(value, 'grow');
    else if (key === 'add-capacity') request.addCapacityPct = parseAssignments(value, 'add-capacity');
    else if (key === 'at') request.at = parseMoment(value);
    else throw new HeadroomError('USAGE', `whatif: unknown option "${key}"; use shed, split, grow, add-capacity, at`);
  }
  return request;
}

function finite(text: string, name: string): number {
  const n = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(n)) throw new HeadroomError('USAGE', `whatif: ${name} must be a number, not "${text}"`);
  return n;
}
