import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { loadScenario, parseScenario } from './scenario.js';
import { exampleFleet } from './test-fixtures.js';

const SCENARIOS_DIR = fileURLToPath(new URL('../../manifests/scenarios/', import.meta.url));

function problem(text: string): HeadroomError {
  try {
    parseScenario(text, 'bad.yaml', exampleFleet);
  } catch (err) {
    expect(err).toBeInstanceOf(HeadroomError);
    expect((err as HeadroomError).code).toBe('SCENARIO_INVALID');
    expect((err as HeadroomError).exitCode).toBe(1);
    return err as HeadroomError;
  }
  throw new Error('expected the scenario to be rejected');
}

const header = 'seed: 7\nfaults:\n';

describe('parseScenario', () => {
  it('reads the documented contract', () => {
    const scenario = parseScenario(
      `seed: 7
at: 2026-03-03T21:30:00Z
faults:
  - workUnit: eu-west-1
    kind: connection-drop
    start: 2026-03-03T21:00:00Z
    durationMinutes: 60
    magnitude: 0.6
  - kind: traffic-surge
    clientRegion: eu-central
    start: 2026-03-03T20:00:00+01:00
    durationMinutes: 30
    magnitude: 1.5
`,
      'inline.yaml',
      exampleFleet,
    );
    expect(scenario).toEqual({
      seed: 7,
      atMs: Date.UTC(2026, 2, 3, 21, 30),
      faults: [
        {
          kind: 'connection-drop',
          workUnit: 'eu-west-1',
          startMs: Date.UTC(2026, 2, 3, 21),
          endMs: Date.UTC(2026, 2, 3, 22),
          magnitude: 0.6,
        },
        {
          kind: 'traffic-surge',
          clientRegion: 'eu-central',
          startMs: Date.UTC(2026, 2, 3, 19),
          endMs: Date.UTC(2026, 2, 3, 19, 30),
          magnitude: 1.5,
        },
      ],
    });
  });

  it('defaults the seed to 1, leaves "at" out, and fills kind-specific magnitudes', () => {
    const scenario = parseScenario(
      'faults:\n  - { kind: anomaly-api-flag, workUnit: eu-west-1, start: 2026-03-03T21:00:00Z, durationMinutes: 5 }\n',
      'x.yaml',
      exampleFleet,
    );
    expect(scenario.seed).toBe(1);
    expect('atMs' in scenario).toBe(false);
    expect(scenario.faults[0]!.magnitude).toBe(0.9);
    expect(parseScenario('{}', 'empty.yaml', exampleFleet)).toEqual({ seed: 1, faults: [] });
  });

  it('rejects an unknown kind, naming file, line, path and the kinds', () => {
    const err = problem(
      `${header}  - workUnit: eu-west-1\n    kind: meltdown\n    start: 2026-03-03T21:00:00Z\n    durationMinutes: 5\n`,
    );
    expect(err.message).toMatch(/^bad\.yaml:4: faults\[0\]\.kind: expected one of the fault kinds: connection-drop, /);
    expect(err.message).toContain('drain');
  });

  it('rejects a bad time', () => {
    const err = problem(
      `${header}  - { kind: error-spike, workUnit: eu-west-1, start: "yesterday 9pm", durationMinutes: 5 }\n`,
    );
    expect(err.message).toMatch(
      /^bad\.yaml:3: faults\[0\]\.start: expected an ISO 8601 time with a zone.*"yesterday 9pm"/,
    );
    const noZone = problem('at: 2026-03-03T21:30:00\n');
    expect(noZone.message).toMatch(/^bad\.yaml:1: at: expected an ISO 8601 time with a zone/);
    const noSuchDay = problem(
      `${header}  - { kind: error-spike, workUnit: eu-west-1, start: 2026-02-31T21:00:00Z, durationMinutes: 5 }\n`,
    );
    expect(noSuchDay.message).toMatch(/faults\[0\]\.start: .*"2026-02-31T21:00:00Z": 2026-02 has 28 days, not 31/);
  });

  it('rejects an unknown work unit, client region or drain target against the fleet', () => {
    const unit = problem(
      `${header}  - { kind: error-spike, workUnit: eu-west-9, start: 2026-03-03T21:00:00Z, durationMinutes: 5 }\n`,
    );
    expect(unit.message).toMatch(
      /^bad\.yaml:3: faults\[0\]\.workUnit: expected a work unit of fleet "example-fleet" \(us-east-1, /,
    );
    const region = problem(
      `${header}  - { kind: traffic-surge, clientRegion: mars, start: 2026-03-03T21:00:00Z, durationMinutes: 5 }\n`,
    );
    expect(region.message).toMatch(/faults\[0\]\.clientRegion: expected a client region of fleet "example-fleet"/);
    const target = problem(
      `${header}  - { kind: drain, workUnit: eu-west-1, target: eu-west-1, start: 2026-03-03T21:00:00Z, durationMinutes: 5 }\n`,
    );
    expect(target.message).toMatch(/faults\[0\]\.target: expected a work unit other than the drained one/);
    const missing = problem(
      `${header}  - { kind: drain, workUnit: eu-west-1, start: 2026-03-03T21:00:00Z, durationMinutes: 5 }\n`,
    );
    expect(missing.message).toMatch(/faults\[0\]\.target: expected the work unit receiving the drained traffic/);
  });

  it('rejects durations ≤ 0 and magnitudes out of range', () => {
    const duration = problem(
      `${header}  - { kind: error-spike, workUnit: eu-west-1, start: 2026-03-03T21:00:00Z, durationMinutes: 0 }\n`,
    );
    expect(duration.message).toMatch(/bad\.yaml:3: faults\[0\]\.durationMinutes: expected a duration in minutes > 0/);
    const magnitude = problem(
      `${header}  - kind: connection-drop\n    workUnit: eu-west-1\n    start: 2026-03-03T21:00:00Z\n    durationMinutes: 5\n    magnitude: 1.6\n`,
    );
    expect(magnitude.message).toMatch(
      /bad\.yaml:7: faults\[0\]\.magnitude: expected a magnitude in \(0, 1\]: the fraction of connections lost/,
    );
  });

  it('rejects unknown keys, a surge with neither unit nor region, and a bad seed', () => {
    expect(problem(`seed: 7\nfault: []\n`).message).toMatch(/bad\.yaml:2: fault: expected no unknown key "fault"/);
    expect(
      problem(`${header}  - { kind: traffic-surge, start: 2026-03-03T21:00:00Z, durationMinutes: 5, magnitude: 2 }\n`)
        .message,
    ).toMatch(/faults\[0\]: expected a workUnit or a clientRegion/);
    expect(problem('seed: 1.5\n').message).toMatch(/^bad\.yaml:1: seed: expected an integer seed ≥ 0/);
    expect(
      problem(`${header}  - { kind: error-spike, start: 2026-03-03T21:00:00Z, durationMinutes: 5 }\n`).message,
    ).toMatch(/^bad\.yaml:3: faults\[0\]\.workUnit: expected the work unit the error-spike hits \(us-east-1, /);
  });

  it('reports a missing file with its name', () => {
    expect(() => loadScenario('/nonexistent/scenario.yaml', exampleFleet)).toThrow(
      /\/nonexistent\/scenario\.yaml: cannot read the file/,
    );
  });
});

describe('shipped scenarios', () => {
  const files = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml'));

  it('all load against the example fleet', () => {
    expect(files).toEqual(expect.arrayContaining(['demo.yaml', 'quiet.yaml']));
    for (const file of files) expect(() => loadScenario(`${SCENARIOS_DIR}${file}`, exampleFleet), file).not.toThrow();
  });

  it('demo: a connection drop and a corroborating anomaly flag on eu-west-1 at its 21:00-local peak', () => {
    const demo = loadScenario(`${SCENARIOS_DIR}demo.yaml`, exampleFleet);
    expect(demo.faults.map((f) => [f.kind, f.workUnit])).toEqual([
      ['connection-drop', 'eu-west-1'],
      ['anomaly-api-flag', 'eu-west-1'],
    ]);
    expect(new Date(demo.faults[0]!.startMs).toISOString()).toBe('2026-03-03T21:00:00.000Z');
    expect(demo.atMs).toBeGreaterThan(demo.faults[1]!.startMs);
  });

  it('quiet: no faults', () => {
    expect(loadScenario(`${SCENARIOS_DIR}quiet.yaml`, exampleFleet).faults).toEqual([]);
  });
});
