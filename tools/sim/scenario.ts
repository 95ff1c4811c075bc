// Scenario files: a seed, the instant one-shot commands evaluate, and the faults to inject.
// A contract used by tests outside the project; every problem names file, line, path and expectation.
import { z } from 'zod';
import type { FleetModel } from '../../analytics/types.js';
import { parseIsoInstant } from '../config/instant.js';
import { loadYamlFile, parseYamlText } from '../config/yaml-loader.js';
import { FAULT_KINDS, type Fault, type FaultKind, MAGNITUDE_RULES, ZERO_MAGNITUDE_ALLOWED } from './faults.js';

export interface Scenario {
  seed: number;
  atMs?: number;
  faults: Fault[];
}

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const SERVICE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const TIME_EXPECTED = 'an ISO 8601 time with a zone, e.g. 2026-03-03T21:00:00Z';

const instant = z.union([z.string(), z.date()], { error: TIME_EXPECTED }).transform((value, ctx) => {
  if (value instanceof Date) return value.getTime();
  const parsed = parseIsoInstant(value);
  if ('problem' in parsed) {
    ctx.addIssue({ code: 'custom', message: `${TIME_EXPECTED}; "${value}": ${parsed.problem}` });
    return z.NEVER;
  }
  return parsed.ms;
});

function magnitude(kind: FaultKind) {
  const rule = MAGNITUDE_RULES[kind];
  const zero = ZERO_MAGNITUDE_ALLOWED.has(kind);
  return z
    .number({ error: `a number: ${rule.meaning}` })
    .refine(
      (m) => (zero ? m >= rule.min : m > rule.min) && m <= rule.max,
      `a magnitude in ${zero ? '[' : '('}${rule.min}, ${rule.max}]: ${rule.meaning}`,
    )
    .default(rule.default);
}

const common = {
  start: instant,
  durationMinutes: z.number({ error: 'a number of minutes' }).positive('a duration in minutes > 0'),
};
function unitFault<K extends FaultKind, E extends z.ZodRawShape = Record<never, never>>(kind: K, extra?: E) {
  return z.strictObject({
    kind: z.literal(kind),
    // Presence is checked with the fleet below, so the message can say what is expected.
    workUnit: z.string().optional(),
    ...common,
    magnitude: magnitude(kind),
    ...((extra ?? {}) as E),
  });
}

const faultSchema = z.discriminatedUnion(
  'kind',
  [
    unitFault('connection-drop'),
    unitFault('cpu-saturation'),
    unitFault('error-spike'),
    unitFault('latency-spike'),
    unitFault('capacity-loss'),
    unitFault('telemetry-gap'),
    unitFault('edge-unreachable'),
    unitFault('anomaly-api-flag'),
    unitFault('alert-firing', { alertName: z.string().min(1, 'a non-empty alert name').optional() }),
    unitFault('drain', { target: z.string().optional() }),
    unitFault('deploy', {
      version: z.string().regex(VERSION, 'a version such as 2.14.1 or 2026.03.10-a1b2c3'),
      service: z.string().regex(SERVICE, 'a service name of lower-case letters, digits and dashes').optional(),
    }),
    z.strictObject({
      kind: z.literal('traffic-surge'),
      workUnit: z.string().optional(),
      clientRegion: z.string().optional(),
      ...common,
      magnitude: magnitude('traffic-surge'),
    }),
  ],
  { error: `one of the fault kinds: ${FAULT_KINDS.join(', ')}` },
);

function scenarioSchema(fleet: FleetModel) {
  const units = fleet.workUnits.map((u) => u.id);
  const regions = fleet.clientRegions.map((r) => r.id);
  return z
    .strictObject({
      seed: z
        .number()
        .refine((n) => Number.isInteger(n) && n >= 0, 'an integer seed ≥ 0')
        .default(1),
      at: instant.optional(),
      faults: z.array(faultSchema, { error: 'a list of faults' }).default([]),
    })
    .superRefine((scenario, ctx) => {
      const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      scenario.faults.forEach((fault, i) => {
        if (fault.workUnit === undefined && fault.kind !== 'traffic-surge')
          issue(['faults', i, 'workUnit'], `the work unit the ${fault.kind} hits (${units.join(', ')})`);
        if (fault.workUnit !== undefined && !units.includes(fault.workUnit))
          issue(['faults', i, 'workUnit'], `a work unit of fleet "${fleet.name}" (${units.join(', ')})`);
        if (fault.kind === 'drain') {
          if (fault.target === undefined)
            issue(['faults', i, 'target'], `the work unit receiving the drained traffic (${units.join(', ')})`);
          else if (!units.includes(fault.target))
            issue(['faults', i, 'target'], `a work unit of fleet "${fleet.name}" (${units.join(', ')})`);
          else if (fault.target === fault.workUnit)
            issue(['faults', i, 'target'], 'a work unit other than the drained one');
        }
        if (fault.kind === 'traffic-surge') {
          if (fault.clientRegion !== undefined && !regions.includes(fault.clientRegion))
            issue(['faults', i, 'clientRegion'], `a client region of fleet "${fleet.name}" (${regions.join(', ')})`);
          if (fault.clientRegion === undefined && fault.workUnit === undefined)
            issue(['faults', i], 'a workUnit or a clientRegion for a traffic-surge');
        }
      });
    });
}

export function parseScenario(text: string, file: string, fleet: FleetModel): Scenario {
  return toScenario(parseYamlText(text, file, scenarioSchema(fleet), 'SCENARIO_INVALID'));
}

export function loadScenario(file: string, fleet: FleetModel): Scenario {
  return toScenario(loadYamlFile(file, scenarioSchema(fleet), 'SCENARIO_INVALID'));
}

type ParsedScenario = z.output<ReturnType<typeof scenarioSchema>>;

function toScenario(parsed: ParsedScenario): Scenario {
  const faults = parsed.faults.map((f): Fault => {
    const { start, durationMinutes, ...rest } = f;
    return { ...rest, startMs: start, endMs: start + durationMinutes * 60_000 };
  });
  return { seed: parsed.seed, ...(parsed.at === undefined ? {} : { atMs: parsed.at }), faults };
}
