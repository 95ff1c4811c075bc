import type { Signal } from '../types.js';
import { CAUSES, type Cause, type Evidence, type Hypothesis } from './types.js';

export interface RankerInput {
  workUnit: string;
  findings: readonly Evidence[];
  /** The unit's signals at the first poll of the episode. */
  signalsAtOnset: readonly (Signal & { evidenceId?: string })[];
  /** Utilisation from which a resource counts as exhausted (the fleet's utilisationFiring, 0.95 by default). */
  utilisationExhausted?: number;
  /** Fraction of open connections lost from which it is a connection loss (the fleet's connectionDropRatio). */
  connectionDropRatio?: number;
}

interface Scored {
  cause: Cause;
  subject: string | null;
  score: number;
  statement: string;
  evidenceIds: string[];
}

/**
 * A resource's utilisation per unit of load up by this factor (×1.4) counts as lost capacity even far
 * from its limit: a unit that needs 40 % more cpu per request than an hour before has lost about a
 * third of what it can serve, whatever the hour's load.
 */
const PER_LOAD_LOST = 1.4;

const clamp = (x: number, lo = 0, hi = 1) => Math.min(hi, Math.max(lo, x));
const num = (e: Evidence | undefined, key: string) => e?.figures[key] ?? Number.NaN;
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/**
 * The deterministic ranker: one rule per cause over the correlated evidence, each a score in 0..1
 * and the ids of the evidence it rests on. Rules name what they saw; a source that was unknown
 * lowers the confidence of the rules that needed it and is cited. No model is involved.
 */
export function rankHypotheses(input: RankerInput): Hypothesis[] {
  const capacity = capacityExhaustion(input);
  const surge = trafficSurge(input);
  const network = networkLoss(input);
  const direct = [capacity, surge, network].filter(listed);
  const scored = [
    badDeploy(input),
    capacity,
    dependencyFailure(input, direct),
    surge,
    network,
    telemetryFailure(input),
  ].filter(listed);
  scored.sort((a, b) => b.score - a.score || CAUSES.indexOf(a.cause) - CAUSES.indexOf(b.cause));
  return scored.map((h) => ({
    cause: h.cause,
    subject: h.subject,
    confidence: Math.round(clamp(h.score, 0, 0.95) * 100) / 100,
    statement: h.statement,
    evidenceIds: [...new Set(h.evidenceIds)],
  }));
}

/** A rule's hypothesis is listed (and counts as direct evidence of its cause) from a score of 0.1. */
function listed(h: Scored | null): h is Scored {
  return h !== null && h.score >= 0.1;
}

function of(input: RankerInput, kind: Evidence['kind']): Evidence[] {
  return input.findings.filter((f) => f.kind === kind && f.status === 'ok');
}

function unknownOf(input: RankerInput, source: string): Evidence | undefined {
  return input.findings.find((f) => f.kind === 'source-unknown' && f.source === source);
}

function resource(input: RankerInput, name: string): Evidence | undefined {
  return of(input, 'resource').find((f) => f.facts?.resource === name);
}

function totalLoad(input: RankerInput): Evidence | undefined {
  return of(input, 'traffic').find((f) => f.facts?.clientRegion === 'total');
}

/** Error evidence on the unit: new error signatures, or the error rate up 3× and above 2 %. */
function errorEvidence(input: RankerInput, sinceMs: number): { strength: number; ids: string[] } {
  const fresh = of(input, 'log-pattern').filter((f) => f.facts?.new === true && f.atMs >= sinceMs);
  const errors = resource(input, 'error-rate');
  const rateUp =
    errors !== undefined && num(errors, 'atOnset') >= 0.02 && num(errors, 'atOnset') >= 3 * num(errors, 'before');
  const ids = [...fresh.map((f) => f.id), ...(rateUp && errors ? [errors.id] : [])];
  const strength = clamp((fresh.length > 0 ? 0.7 : 0) + (rateUp ? 0.3 : 0));
  return { strength, ids };
}

function badDeploy(input: RankerInput): Scored | null {
  const deploys = of(input, 'deploy').filter((d) => d.facts?.sameUnit === true);
  const unknown = unknownOf(input, 'deploys');
  if (deploys.length === 0) return null;
  let best: Scored | null = null;
  for (const d of deploys) {
    const weight = num(d, 'weight');
    const errors = errorEvidence(input, d.atMs);
    const failed = d.facts?.status === 'failed' || d.facts?.status === 'rolled-back';
    // A deploy with no errors after it is a coincidence, not a cause: it stays low.
    const score =
      errors.strength > 0
        ? 0.3 + 0.4 * weight * errors.strength + 0.25 * errors.strength + (failed ? 0.1 : 0)
        : 0.12 * weight;
    const statement =
      errors.strength > 0
        ? `the deploy of ${d.facts?.service} ${d.facts?.version} ${num(d, 'minutesBeforeOnset')} min before onset was followed by new errors`
        : `a deploy of ${d.facts?.service} ${d.facts?.version} ${num(d, 'minutesBeforeOnset')} min before onset, with no new errors after it`;
    const h: Scored = {
      cause: 'bad-deploy',
      subject: String(d.facts?.version ?? d.id),
      score,
      statement,
      evidenceIds: [d.id, ...errors.ids, ...(unknown ? [unknown.id] : [])],
    };
    if (!best || h.score > best.score) best = h;
  }
  return best;
}

function capacityExhaustion(input: RankerInput): Scored | null {
  const limit = input.utilisationExhausted ?? 0.95;
  const load = totalLoad(input);
  const loadRatio = num(load, 'ratio');
  let best: Scored | null = null;
  for (const r of of(input, 'resource')) {
    const name = String(r.facts?.resource);
    if (name === 'error-rate' || name === 'open-connections') continue;
    const before = num(r, 'before');
    const at = num(r, 'atOnset');
    if (!(at - before >= 0.08)) continue;
    const nearLimit = at >= limit - 0.1;
    // utilisation per unit of load: up by PER_LOAD_LOST or more, each request costs more of it
    const perLoad = loadRatio > 0 && before > 0 ? at / before / loadRatio : Number.NaN;
    const costlier = perLoad >= PER_LOAD_LOST;
    if (!nearLimit && !costlier) continue;
    // utilisation that rose without the load rising as much: the unit lost capacity
    const surgeShare = Number.isFinite(loadRatio) && loadRatio > 1 ? clamp((loadRatio - 1) / 0.6) : 0;
    const score =
      (nearLimit
        ? 0.45 + 0.45 * clamp((at - (limit - 0.1)) / 0.15)
        : 0.35 + 0.4 * clamp((perLoad - PER_LOAD_LOST) / 0.6)) -
      0.4 * surgeShare;
    const statement = nearLimit
      ? `${name} utilisation rose from ${pct(before)} to ${pct(at)}${surgeShare < 0.5 ? ' without a matching rise in load' : ' with the load'}`
      : `${name} utilisation rose from ${pct(before)} to ${pct(at)} without a matching rise in load: each request needs more ${name} than before, so the unit lost capacity`;
    const h: Scored = {
      cause: 'capacity-exhaustion',
      subject: name,
      score,
      statement,
      evidenceIds: [r.id, ...(load ? [load.id] : [])],
    };
    if (!best || h.score > best.score) best = h;
  }
  return best;
}

/**
 * A failing dependency: failing spans in a service downstream of the unit's entry service (the
 * entry service failing on its own is the unit failing, not a dependency). Failing spans are a
 * symptom rather than a cause when capacity exhaustion, a traffic surge or a network loss has
 * direct evidence (an overloaded or cut-off unit fails its own calls): the hypothesis then stays
 * below the strongest of them, says so, and cites that evidence too.
 */
function dependencyFailure(input: RankerInput, direct: readonly Scored[]): Scored | null {
  const trace = of(input, 'trace')[0];
  if (!trace) return null;
  const dependency = String(trace.facts?.dependency ?? '');
  const entry = String(trace.facts?.entryService ?? '');
  const errorTraces = num(trace, 'errorTraces');
  const downstream = num(trace, 'downstreamErrorTraces');
  const detailed = num(trace, 'detailedErrorTraces');
  if (!dependency || !(errorTraces >= 3) || !(downstream >= 1)) return null;
  const name = dependency.toLowerCase();
  const mentions = of(input, 'log-pattern').filter(
    (f) =>
      f.facts?.new === true &&
      (String(f.facts?.signature ?? '').includes(name) ||
        String(f.facts?.services ?? '')
          .split(',')
          .includes(dependency)),
  );
  const share = detailed > 0 ? clamp(downstream / detailed) : 0;
  const own = 0.35 + 0.3 * clamp(errorTraces / 20) * share + (mentions.length > 0 ? 0.25 : 0);
  const where = `${downstream} of ${detailed} failing traces read fail in ${dependency}, downstream of ${entry || 'the entry service'}`;
  const evidenceIds = [trace.id, ...mentions.map((m) => m.id)];
  const cause = [...direct].sort((a, b) => b.score - a.score)[0];
  if (!cause) return { cause: 'dependency-failure', subject: dependency, score: own, statement: where, evidenceIds };
  return {
    cause: 'dependency-failure',
    subject: dependency,
    score: Math.min(own * 0.5, cause.score - 0.05),
    statement: `${where}; more likely a symptom of ${cause.cause}${cause.subject ? ` (${cause.subject})` : ''}, which has direct evidence`,
    evidenceIds: [...evidenceIds, ...cause.evidenceIds],
  };
}

function trafficSurge(input: RankerInput): Scored | null {
  const regions = of(input, 'traffic').filter((f) => f.facts?.clientRegion !== 'total');
  const load = totalLoad(input);
  const candidates = regions.length > 0 ? regions : load ? [load] : [];
  let best: Scored | null = null;
  for (const r of candidates) {
    const ratio = num(r, 'ratio');
    if (!(ratio >= 1.4)) continue;
    const region = String(r.facts?.clientRegion);
    const score = 0.5 + 0.4 * clamp((ratio - 1.4) / 1.0);
    const h: Scored = {
      cause: 'traffic-surge',
      subject: region === 'total' ? null : region,
      score,
      statement: `${region === 'total' ? 'load on the unit' : `traffic from client region ${region}`} rose ${Math.round(ratio * 100) / 100}× (${num(r, 'before')} → ${num(r, 'atOnset')} rps)`,
      evidenceIds: [r.id, ...(load && load !== r ? [load.id] : [])],
    };
    if (!best || h.score > best.score) best = h;
  }
  return best;
}

function networkLoss(input: RankerInput): Scored | null {
  const drop = input.connectionDropRatio ?? 0.35;
  const conns = resource(input, 'open-connections');
  const ratio = num(conns, 'ratio');
  if (!conns || !(ratio <= 1 - drop)) return null;
  const lost = 1 - ratio;
  return {
    cause: 'network-loss',
    subject: 'connections',
    score: 0.5 + 0.45 * clamp((lost - drop) / 0.4),
    statement: `open connections fell by ${pct(lost)} (${num(conns, 'before')} → ${num(conns, 'atOnset')})`,
    evidenceIds: [conns.id],
  };
}

function telemetryFailure(input: RankerInput): Scored | null {
  const metrics = input.signalsAtOnset.find((s) => s.source === 'metrics');
  const edge = input.signalsAtOnset.find((s) => s.source === 'edge-agent');
  const unknownMetrics = unknownOf(input, 'metrics');
  const silent = [metrics, edge].filter((s) => s?.status === 'unknown');
  if (silent.length === 0 && !unknownMetrics) return null;
  const otherFiring = input.signalsAtOnset.some(
    (s) => s.status === 'firing' && s.source !== 'metrics' && s.source !== 'edge-agent',
  );
  const scope = of(input, 'scope')[0];
  const score = (otherFiring ? 0.25 : 0.6) + (silent.length === 2 ? 0.15 : 0) + (unknownMetrics ? 0.1 : 0);
  const names = silent.map((s) => s!.source).join(' and ') || 'the metrics window';
  return {
    cause: 'telemetry-failure',
    subject: silent.map((s) => s!.source).join('+') || 'metrics',
    score,
    statement: `${names} went silent${otherFiring ? ' while another source reported distress' : ' with no other source reporting distress'}`,
    evidenceIds: [
      ...silent.flatMap((s) => (s?.evidenceId ? [s.evidenceId] : [])),
      ...(scope ? [scope.id] : []),
      ...(unknownMetrics ? [unknownMetrics.id] : []),
    ],
  };
}
