// The planning corpus file of `headroom backtest` (test/scenarios/planning-corpus.yaml): scenarios
// with the decision an operator would take. Parsed strictly: a misspelled field is an error with
// its path, and every work unit named must exist in the fleet.
import { z } from 'zod';
import type { Scenario } from '../../analytics/backtest/scenario.js';
import { HeadroomError } from '../../analytics/errors.js';
import { type FleetModel, SIGNAL_SOURCES } from '../../analytics/types.js';
import { VERDICTS } from '../../analytics/vocabulary.js';
import { packageFile } from './package-root.js';
import { loadYamlFile } from './yaml-loader.js';

export const PLANNING_CORPUS_FILE = packageFile('test/scenarios/planning-corpus.yaml');

const verdict = z.enum(VERDICTS);
const unitTruth = z.strictObject({
  capacity: z.number().positive().max(20).optional(),
  capacityLoss: z.number().min(0).max(0.95).optional(),
  latencyFactor: z.number().min(0.1).max(100).optional(),
  latencyBaseMs: z.number().positive().max(10_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  stale: z.boolean().optional(),
});
const signal = z.string().regex(new RegExp(`^(${SIGNAL_SOURCES.join('|')})(:[a-z][a-z0-9-]*)?$`), {
  message: `a source (${SIGNAL_SOURCES.join(', ')}), optionally with :measurement`,
});
const scenario = z.strictObject({
  name: z.string().min(1),
  why: z.string().optional(),
  totalRps: z.number().positive(),
  peakFactor: z.number().min(1).max(10).optional(),
  units: z.record(z.string(), unitTruth).optional(),
  earlierMoves: z
    .array(z.strictObject({ from: z.string(), to: z.string(), fraction: z.number().gt(0).max(1) }))
    .optional(),
  signals: z.record(z.string(), z.array(signal)).optional(),
  planFor: z.string().optional(),
  expect: z.strictObject({
    verdicts: z.record(z.string(), verdict).optional(),
    plan: z
      .strictObject({
        notTargets: z.array(z.string()).optional(),
        targetsInclude: z.array(z.string()).optional(),
        lastResort: z.array(z.string()).optional(),
        movedAtLeast: z.number().min(0).max(1).optional(),
        feasible: z.boolean().optional(),
      })
      .optional(),
  }),
});
const corpusSchema = z.strictObject({ scenarios: z.array(scenario).min(1) });

export function loadPlanningCorpus(file: string, fleet: FleetModel): Scenario[] {
  const { scenarios } = loadYamlFile(file, corpusSchema, 'SCENARIO_INVALID');
  const known = new Set(fleet.workUnits.map((u) => u.id));
  const names = new Set<string>();
  scenarios.forEach((s, i) => {
    if (names.has(s.name)) throw invalid(file, i, `duplicate scenario name "${s.name}"`);
    names.add(s.name);
    const named = [
      ...Object.keys(s.units ?? {}),
      ...Object.keys(s.signals ?? {}),
      ...(s.earlierMoves ?? []).flatMap((m) => [m.from, m.to]),
      ...(s.planFor ? [s.planFor] : []),
      ...Object.keys(s.expect.verdicts ?? {}),
      ...(s.expect.plan?.notTargets ?? []),
      ...(s.expect.plan?.targetsInclude ?? []),
      ...(s.expect.plan?.lastResort ?? []),
    ];
    for (const id of named) {
      if (!known.has(id)) {
        throw invalid(file, i, `names unknown work unit "${id}"; known work units: ${[...known].join(', ')}`);
      }
    }
  });
  return scenarios as Scenario[];
}

function invalid(file: string, index: number, message: string): HeadroomError {
  return new HeadroomError('SCENARIO_INVALID', `${file}: scenarios[${index}] ${message}`, { file, index });
}
