import type { Evidence } from './types.js';

/** A sentence of an answer or a postmortem and the evidence ids it rests on. */
export interface Claim {
  text: string;
  evidenceIds: string[];
}

export interface CitationProblem {
  claim: string;
  problem: string;
}

export interface CitationCheck {
  kept: Claim[];
  removed: CitationProblem[];
}

/** Numbers in a claim, leaving out times of day, dates, ids and references ("#12", "v2.3.1", "eu-west-1"). */
export function claimNumbers(text: string): number[] {
  const cleaned = text
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?/g, ' ')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, ' ')
    .replace(/\b\d{1,2}:\d{2}(:\d{2})?Z?\b/g, ' ')
    .replace(/#\d+/g, ' ')
    .replace(/\bv\d+(\.\d+)*\b/gi, ' ')
    .replace(/[a-z]+-[a-z]+-\d+/gi, ' ')
    .replace(/[A-Za-z_]+\d+[A-Za-z_\d]*/g, ' ');
  return [...cleaned.matchAll(/-?\d[\d,]*(\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));
}

/** A figure shown as itself or as a percentage, rounded for display. */
function matches(n: number, figure: number): boolean {
  for (const scale of [1, 100]) {
    const v = figure * scale;
    if (Math.abs(v - n) <= Math.max(0.051, 0.006 * Math.abs(v))) return true;
    if (Math.round(v) === n) return true;
  }
  return false;
}

/**
 * The post-check on citations: a claim citing an id that does not resolve, citing nothing, or
 * quoting a figure found in none of its evidence is removed (with the reason); the rest is kept.
 * `extraFigures` are numbers the caller computed itself (durations) and may always be quoted.
 */
export function checkCitations(
  claims: readonly Claim[],
  resolve: (id: string) => Evidence | undefined,
  extraFigures: readonly number[] = [],
): CitationCheck {
  const kept: Claim[] = [];
  const removed: CitationProblem[] = [];
  for (const claim of claims) {
    if (claim.evidenceIds.length === 0) {
      removed.push({ claim: claim.text, problem: 'cites no evidence' });
      continue;
    }
    const missing = claim.evidenceIds.filter((id) => !resolve(id));
    if (missing.length) {
      removed.push({ claim: claim.text, problem: `cites evidence that does not exist: ${missing.join(', ')}` });
      continue;
    }
    // a figure of the evidence, or a number its own summary states
    const figures = [
      ...claim.evidenceIds.flatMap((id) => {
        const e = resolve(id)!;
        return [...Object.values(e.figures), ...claimNumbers(e.summary)];
      }),
      ...extraFigures,
    ];
    const unsupported = claimNumbers(claim.text).filter((n) => !figures.some((f) => matches(n, f)));
    if (unsupported.length) {
      removed.push({ claim: claim.text, problem: `quotes ${unsupported.join(', ')}, found in none of its evidence` });
      continue;
    }
    kept.push(claim);
  }
  return { kept, removed };
}

/** Claims written as "text [ev:id1] [ev:id2]" (the form asked of Claude), one per line or sentence. */
export function parseCitedClaims(text: string): Claim[] {
  return text
    .split(/\n+/)
    .map((l) => l.replace(/^\s*[-*]\s+/, '').trim())
    .filter(Boolean)
    .map((line) => {
      const evidenceIds = [...line.matchAll(/\[ev:([^\]\s]+)\]/g)].map((m) => m[1]!);
      return { text: line.replace(/\s*\[ev:[^\]]+\]/g, '').trim(), evidenceIds };
    });
}
