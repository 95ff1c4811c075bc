// One store contract, run against SQLite (the embedded default) and a real PostgreSQL.
import { describe } from 'vitest';
import { type BackendName, useBackend } from './backends.js';
import { auditCases } from './cases/audit.js';
import { decisionCases } from './cases/decisions.js';
import { incidentCases } from './cases/incidents.js';
import { observationCases } from './cases/observations.js';
import { precomputedCases } from './cases/precomputed.js';
import { recommendationCases } from './cases/recommendations.js';
import { sharedStoreCases } from './cases/shared.js';

const BACKENDS: BackendName[] = ['sqlite', 'postgres'];

describe.each(BACKENDS)('store contract on %s', (name) => {
  const backend = useBackend(name);
  recommendationCases(backend);
  decisionCases(backend);
  observationCases(backend);
  sharedStoreCases(backend);
  auditCases(backend);
  precomputedCases(backend);
  incidentCases(backend);
});
