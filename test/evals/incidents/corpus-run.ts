import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CAUSES, type Cause } from '../../../analytics/incidents/types.js';
import { openRuntime, type Runtime } from '../../../bot/app/runtime.js';
import { IncidentService } from '../../../bot/incidents/service.js';
import { shadowPoll } from '../../../bot/shadow/shadow-loop.js';
import { openStore } from '../../../bot/store/index.js';
import type { EvidenceSources } from '../../../tools/sources/evidence.js';

export interface CorpusCase {
  name: string;
  workUnit: string;
  declare?: boolean;
  /** Written after the first figures, before the ranker change they test; reported on their own. */
  heldOut?: boolean;
  expected: { cause: Cause; subject?: string };
  faults: { start: string | Date; durationMinutes: number; [k: string]: unknown }[];
}

export interface CaseResult {
  name: string;
  heldOut: boolean;
  workUnit: string;
  expected: string;
  top: string | null;
  top3: string[];
  top1: boolean;
  inTop3: boolean;
  /** Fault onset → incident opened (fleet minutes); null when no incident opened. */
  timeToDetectMinutes: number | null;
  incidentId: number | null;
  /** Why the case could not be scored (no incident, never resolved). */
  problem?: string;
}

const MIN = 60_000;
const POLL_MS = 5 * MIN;

export function loadCorpus(file: string): { seed: number; cases: CorpusCase[] } {
  const doc = parse(readFileSync(file, 'utf8')) as { seed: number; cases: CorpusCase[] };
  for (const c of doc.cases) {
    if (!CAUSES.includes(c.expected.cause))
      throw new Error(`${file}: case "${c.name}" expects unknown cause ${c.expected.cause}`);
  }
  return doc;
}

const startOf = (f: CorpusCase['faults'][number]) =>
  f.start instanceof Date ? f.start.getTime() : Date.parse(f.start);

/** Every case's faults in one simulated fleet (one history to learn), each case polled over its own window. */
export async function runCorpus(
  file: string,
  opts: { only?: (c: CorpusCase) => boolean; evidence?: (rt: Runtime) => EvidenceSources } = {},
): Promise<CaseResult[]> {
  const corpus = loadCorpus(file);
  const cases = corpus.cases.filter(opts.only ?? (() => true));
  const dir = mkdtempSync(join(tmpdir(), 'headroom-corpus-'));
  try {
    const scenario = join(dir, 'scenario.yaml');
    writeFileSync(scenario, stringify({ seed: corpus.seed, faults: cases.flatMap((c) => c.faults) }));
    const rt = await openRuntime({ scenario, historyDays: 35 }, {});
    const results: CaseResult[] = [];
    for (const c of cases) results.push(await runCase(rt, c, opts.evidence?.(rt) ?? rt.evidence));
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runCase(rt: Runtime, c: CorpusCase, evidence: EvidenceSources): Promise<CaseResult> {
  const store = openStore(':memory:');
  const service = new IncidentService({ store, core: rt.core, config: rt.config, evidence });
  // A harmless deploy (magnitude 0) is a coincidence in the case, not its onset.
  const harmful = c.faults.filter((f) => !(f.kind === 'deploy' && f.magnitude === 0));
  const onset = Math.min(...(harmful.length > 0 ? harmful : c.faults).map(startOf));
  const end = Math.max(...c.faults.map((f) => startOf(f) + f.durationMinutes * MIN));
  const base = {
    name: c.name,
    heldOut: c.heldOut === true,
    workUnit: c.workUnit,
    expected: label(c.expected.cause, c.expected.subject ?? null),
  };
  let analysedId: number | null = null;
  const first = Math.min(...c.faults.map(startOf));
  for (let at = first - 20 * MIN; at <= end + 40 * MIN && analysedId === null; at += POLL_MS) {
    const events = await shadowPoll(rt.core, store, at);
    if (c.declare && !store.incidents.active(c.workUnit)) {
      const latest = store.listObservations({ workUnit: c.workUnit, sinceMs: at });
      if (latest.some((o) => o.verdict !== 'healthy') && store.incidents.list({ workUnit: c.workUnit }).length === 0)
        service.tracker.declare(c.workUnit, 'U-corpus', at);
    }
    for (const u of await service.afterPoll(at, events))
      if (u.type === 'analysed' && u.analysis.incident.workUnit === c.workUnit) analysedId = u.analysis.incident.id;
  }
  const incident = store.incidents.list({ workUnit: c.workUnit })[0];
  store.close();
  if (!incident)
    return {
      ...base,
      top: null,
      top3: [],
      top1: false,
      inTop3: false,
      timeToDetectMinutes: null,
      incidentId: null,
      problem: 'no incident opened',
    };
  const ranked = incident.hypotheses.map((h) => ({ h, text: label(h.cause, h.subject) }));
  const matches = (h: { cause: string; subject: string | null }) =>
    h.cause === c.expected.cause && (c.expected.subject === undefined || h.subject === c.expected.subject);
  return {
    ...base,
    top: ranked[0]?.text ?? null,
    top3: ranked.slice(0, 3).map((r) => r.text),
    top1: ranked[0] !== undefined && matches(ranked[0].h),
    inTop3: ranked.slice(0, 3).some((r) => matches(r.h)),
    timeToDetectMinutes: (incident.openedAtMs - onset) / MIN,
    incidentId: incident.id,
    ...(analysedId === null ? { problem: `incident ${incident.state}, never analysed in the window` } : {}),
  };
}

function label(cause: string, subject: string | null): string {
  return subject ? `${cause}(${subject})` : cause;
}

export function summarise(results: readonly CaseResult[]) {
  const n = results.length;
  return {
    cases: n,
    top1: results.filter((r) => r.top1).length / n,
    top3: results.filter((r) => r.inTop3).length / n,
    meanTimeToDetectMinutes:
      results.filter((r) => r.timeToDetectMinutes !== null).reduce((s, r) => s + r.timeToDetectMinutes!, 0) /
      Math.max(1, results.filter((r) => r.timeToDetectMinutes !== null).length),
  };
}
