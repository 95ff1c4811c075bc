// The zod contracts are the single source of the JSON reports' types: each formatter declares its
// schema's type (a drift does not compile), and here its real output on the demo scenario parses
// under that schema to exactly itself — no field the schema lacks (zod would strip it), none missing,
// every vocabulary value one the schema knows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERDICTS } from '../../analytics/vocabulary.js';
import { openRuntime, type Runtime } from '../../bot/app/runtime.js';
import { capacityReport } from '../../bot/core/capacity.js';
import { evaluateFleet } from '../../bot/core/evaluate.js';
import { failoverReport } from '../../bot/core/failover.js';
import { parseMoment, whatIf } from '../../bot/core/whatif.js';
import { capacityJson, failoverJson, statusJson, whatifJson } from '../../bot/format/json.js';
import {
  capacityReportSchema,
  failoverReportSchema,
  fleetStatusSchema,
  verdictSchema,
  whatIfReportSchema,
} from '../../tools/registry/contracts.js';
import { DEMO } from '../cli/run-cli.js';

let rt: Runtime;
// during the demo's connection drop on eu-west-1: a FAILOVER with targets, stages and a replay
const AT = Date.parse('2026-03-03T21:10:00Z');

beforeAll(async () => {
  rt = await openRuntime({ scenario: DEMO, historyDays: 35 }, {});
});
afterAll(() => rt?.close());

/** Parsed under its schema, the output is exactly itself (JSON round trip: undefined fields dropped). */
function exactly(schema: { parse(v: unknown): unknown }, value: unknown): void {
  const plain = JSON.parse(JSON.stringify(value));
  expect(schema.parse(plain)).toEqual(plain);
}

describe('the JSON formatters hold to their zod contracts', () => {
  it('status, failover, what-if and capacity on the demo fleet', async () => {
    const status = await evaluateFleet(rt.core, AT);
    const json = statusJson(status);
    exactly(fleetStatusSchema, json);
    expect(json.workUnits.map((u) => u.verdict)).toContain('failover');

    const failover = failoverJson(await failoverReport(rt.core, 'eu-west-1', AT, status));
    exactly(failoverReportSchema, failover);
    expect(failover.plan.targets.length).toBeGreaterThan(0);

    exactly(
      whatIfReportSchema,
      whatifJson(await whatIf(rt.core, { shed: ['eu-west-1'], at: parseMoment('next-peak') }, AT)),
    );
    exactly(capacityReportSchema, capacityJson(await capacityReport(rt.core, AT)));
  });

  it('a field the contract does not have is caught', () => {
    const plain = JSON.parse(JSON.stringify({ at: '2026-03-03T21:10:00.000Z', workUnits: [], extra: 1 }));
    expect(fleetStatusSchema.parse(plain)).not.toEqual(plain);
  });

  it('the verdicts are one list: the schema enumerates exactly the vocabulary', () => {
    expect(verdictSchema.options).toEqual([...VERDICTS]);
    expect(() => verdictSchema.parse('degraded')).toThrow();
  });
});
