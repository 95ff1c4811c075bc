import { checkCitations, parseCitedClaims } from '../../analytics/incidents/citations.js';
import type { Evidence, Hypothesis } from '../../analytics/incidents/types.js';
import { postmortemMarkdown } from '../format/postmortem-markdown.js';
import type { IncidentRecord, Store } from '../store/index.js';
import type { Analysis } from './analyse.js';

/** Writes an investigation narrative from the evidence only, as lines "claim [ev:id] …"; may fail or time out. */
export type Narrator = (input: {
  incident: IncidentRecord;
  evidence: readonly Evidence[];
  hypotheses: readonly Hypothesis[];
}) => Promise<{ text: string; model: string }>;

/** Claude's narrative gets this long after the deterministic postmortem; then that one stands alone. */
export const NARRATOR_TIMEOUT_MS = 180_000;

/**
 * Adds Claude's investigation to an analysed incident's postmortem. Every claim passes the
 * citation check (its evidence ids exist, its figures are in that evidence) or is removed; when
 * the model fails, times out or no claim survives, the deterministic document stays as it was and
 * the reason is returned. Nothing here blocks the deterministic postmortem: it is already stored.
 */
export async function narrateAnalysis(
  deps: { store: Store; narrator: Narrator; timeoutMs?: number },
  analysis: Analysis,
  atMs: number,
): Promise<Analysis> {
  const { incident, evidence, hypotheses } = analysis;
  const byId = new Map(evidence.map((e) => [e.id, e]));
  let told: { text: string; model: string };
  try {
    told = await withTimeout(deps.narrator({ incident, evidence, hypotheses }), deps.timeoutMs ?? NARRATOR_TIMEOUT_MS);
  } catch (err) {
    return { ...analysis, narratorFailure: (err as Error).message };
  }
  const checked = checkCitations(
    parseCitedClaims(told.text),
    (id) => byId.get(id),
    analysis.postmortem.computedFigures,
  );
  const removed = [...analysis.removed, ...checked.removed];
  if (checked.kept.length === 0) {
    return {
      ...analysis,
      removed,
      narratorFailure: `no claim of ${told.model}'s narrative passed the citation check (${checked.removed.length} removed)`,
    };
  }
  const writtenBy = `Headroom with ${told.model} (claims checked against the evidence)`;
  const markdown = postmortemMarkdown(analysis.postmortem, { writtenBy, atMs, narrative: checked.kept });
  const stored = deps.store.incidents.setAnalysis(incident.id, { atMs, hypotheses, markdown, by: told.model });
  return { ...analysis, incident: stored, markdown, removed, writtenBy, narrative: checked.kept };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no narrative within ${ms / 1000} s`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
