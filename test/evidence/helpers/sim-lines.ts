// The lines, traces and deploys of the fixture window as the simulated fleet has them: what a real
// backend's fake is loaded with, so the contracts compare like with like.

import { SimulatedLogSource } from '../../../tools/sim/evidence/index.js';
import type { LogLine } from '../../../tools/sources/evidence.js';
import { evidenceSim, range, WINDOW } from './evidence-fixture.js';

export const FIXTURE_UNITS = ['us-east-1', 'eu-west-1'];

export async function simulatedLines(units = FIXTURE_UNITS, window = WINDOW): Promise<LogLine[]> {
  const source = new SimulatedLogSource(evidenceSim());
  const out: LogLine[] = [];
  for (const workUnit of units) {
    const got = await source.search({ workUnit, range: range(window.startMs, window.endMs), limit: 5_000 });
    if (got.status !== 'ok') throw new Error(got.reason);
    out.push(...got.value);
  }
  return out;
}
