// The `deploy` fault kind: a scenario names a version; a bad one adds errors until it is rolled back.
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { SimulatedFleet } from '../../tools/sim/index.js';
import { loadScenario, parseScenario } from '../../tools/sim/scenario.js';
import { exampleFleet } from '../../tools/sim/test-fixtures.js';

const header = 'seed: 7\nfaults:\n';
const deploy = (extra: string) =>
  `${header}  - { kind: deploy, workUnit: us-east-1, start: 2026-03-04T02:00:00Z, durationMinutes: 60${extra} }\n`;

function problem(text: string): string {
  try {
    parseScenario(text, 'bad.yaml', exampleFleet);
  } catch (err) {
    expect(err).toBeInstanceOf(HeadroomError);
    return (err as Error).message;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('deploy faults', () => {
  it('reads version, service and magnitude; 0 is a harmless deploy', () => {
    const s = parseScenario(deploy(', version: 2.0.1, service: api, magnitude: 0'), 'ok.yaml', exampleFleet);
    expect(s.faults[0]).toMatchObject({ kind: 'deploy', version: '2.0.1', service: 'api', magnitude: 0 });
    expect(parseScenario(deploy(', version: 2.0.1'), 'ok.yaml', exampleFleet).faults[0]!.magnitude).toBe(0.1);
  });

  it('refuses a deploy without a version, with a bad service name or a negative magnitude', () => {
    expect(problem(deploy(''))).toMatch(/faults\[0\]\.version/);
    expect(problem(deploy(', version: 1.0.0, service: "Check Out"'))).toMatch(/faults\[0\]\.service.*lower-case/s);
    expect(problem(deploy(', version: 1.0.0, magnitude: -0.1'))).toMatch(/a magnitude in \[0, 1\]/);
  });

  it('adds its error rate while live and none after the rollback; a harmless one adds none', () => {
    const scenario = loadScenario(
      new URL('../../manifests/scenarios/bad-deploy.yaml', import.meta.url).pathname,
      exampleFleet,
    );
    const sim = new SimulatedFleet(exampleFleet, { seed: scenario.seed, faults: scenario.faults });
    const plain = new SimulatedFleet(exampleFleet, { seed: scenario.seed });
    const during = Date.parse('2026-03-04T02:30:00Z');
    const after = Date.parse('2026-03-04T03:30:00Z');
    expect(sim.value('us-east-1', 'errorRate', during) - plain.value('us-east-1', 'errorRate', during)).toBeCloseTo(
      0.12,
      2,
    );
    expect(sim.value('us-east-1', 'errorRate', after)).toBe(plain.value('us-east-1', 'errorRate', after));
    expect(sim.value('eu-west-1', 'errorRate', during)).toBe(plain.value('eu-west-1', 'errorRate', during));
  });
});
