// Expected failures come back as structured results that say what was asked and what to try:
// unknown work units (with the valid ids), bad splits, missing data, and a core HeadroomError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { runTool, TOOLS, type ToolDeps } from '../../tools/registry/index.js';
import { getHeadroomTool } from '../../tools/registry/tools/get-headroom.js';
import { callFail, callOk, openToolFixture, type ToolFixture } from './helpers/tool-fixture.js';

const IDS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'ap-northeast-1', 'sa-east-1'];

/** Arguments naming an unknown unit, for every tool that takes one. */
const UNKNOWN_UNIT_CALLS: Record<string, Record<string, unknown>> = {
  get_headroom: { workUnit: 'eu-west-9' },
  get_capacity_baseline: { workUnit: 'eu-west-9' },
  get_signals: { workUnit: 'eu-west-9' },
  recommend_failover: { workUnit: 'eu-west-9' },
  simulate_migration: { shed: ['eu-west-9'] },
  forecast_load: { workUnit: 'eu-west-9' },
  estimate_cost: { fromWorkUnit: 'eu-west-9', split: { 'eu-central-1': 1 } },
  get_recommendations: { workUnit: 'eu-west-9' },
  search_logs: { workUnit: 'eu-west-9' },
  search_traces: { workUnit: 'eu-west-9' },
  list_deploys: { workUnit: 'eu-west-9' },
};

describe('expected failures are structured results', () => {
  let fx: ToolFixture;
  beforeAll(async () => {
    fx = await openToolFixture({ scenario: 'manifests/scenarios/missing-data.yaml' });
  }, 120_000);
  afterAll(() => fx?.close());

  it('covers every tool that takes a work unit', () => {
    const takesUnit = TOOLS.filter((t) => /workunit|shed/i.test(Object.keys(t.input.shape).join(','))).map(
      (t) => t.name,
    );
    expect(Object.keys(UNKNOWN_UNIT_CALLS).sort()).toEqual(takesUnit.sort());
  });

  it.each(
    Object.entries(UNKNOWN_UNIT_CALLS),
  )('%s: an unknown unit gives UNKNOWN_WORK_UNIT with the valid ids', async (name, args) => {
    const error = await callFail(fx.deps, name, args);
    expect(error.code).toBe('UNKNOWN_WORK_UNIT');
    expect(error.message).toBe('unknown work unit "eu-west-9"');
    expect(error.asked).toMatchObject(args);
    expect(error.hint).toContain(`Use one of the work unit ids: ${IDS.join(', ')}`);
  });

  it('simulate_migration names every unknown unit in the shed, split and added capacity', async () => {
    const error = await callFail(fx.deps, 'simulate_migration', {
      shed: ['eu-west-1'],
      split: { 'eu-centrl-1': 1 },
      addCapacityPct: { 'us-est-1': 10 },
    });
    expect(error.message).toBe('unknown work units "eu-centrl-1", "us-est-1"');
  });

  it('a split that does not add up to 1, or without a shed unit, says how to fix it', async () => {
    const sum = await callFail(fx.deps, 'simulate_migration', { shed: ['eu-west-1'], split: { 'eu-central-1': 0.5 } });
    expect(sum).toMatchObject({ code: 'INVALID_ARGUMENTS', message: 'split shares sum to 0.5, not 1' });
    const noShed = await callFail(fx.deps, 'simulate_migration', { split: { 'eu-central-1': 1 } });
    expect(noShed.message).toBe('a split says where shed traffic goes, but nothing is shed');
    expect(noShed.hint).toContain('"shed"');
    const back = await callFail(fx.deps, 'estimate_cost', { fromWorkUnit: 'eu-west-1', split: { 'eu-west-1': 1 } });
    expect(back.message).toBe('split sends traffic back to eu-west-1, whose traffic is being moved');
    const half = await callFail(fx.deps, 'estimate_cost', { fromWorkUnit: 'eu-west-1' });
    expect(half.hint).toContain('recommend_failover');
  });

  it('get_affinity: a work unit given as a client region lists the client regions', async () => {
    const error = await callFail(fx.deps, 'get_affinity', { clientRegion: 'eu-west-1' });
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.hint).toContain('na-east, na-west, eu-west, eu-central, south-asia, east-asia, south-america');
  });

  it('moving traffic off a unit that serves none is NO_DATA', async () => {
    const error = await callFail(fx.deps, 'estimate_cost', { fromWorkUnit: 'sa-east-1', split: { 'us-east-1': 1 } });
    expect(error).toMatchObject({
      code: 'NO_DATA',
      message: 'sa-east-1 serves no traffic now: there is nothing to move',
    });
  });

  it('missing telemetry is reported as unknown (null load), never as healthy', async () => {
    const data = await callOk(fx.deps, getHeadroomTool, { workUnit: 'us-west-2' });
    expect(data.workUnits[0]).toMatchObject({
      load: null,
      headroom: null,
      headroomLevel: 'unknown',
      verdict: 'unknown',
    });
  });

  it('Prometheus not configured: query_prometheus is UNAVAILABLE with a way forward', async () => {
    const error = await callFail(fx.deps, 'query_prometheus', { query: 'up' });
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.asked).toEqual({ query: 'up' });
    expect(error.hint).toContain('get_headroom');
  });

  it('a HeadroomError from the core that is an expected failure becomes a result; a bug still throws', async () => {
    const missing: ToolDeps = {
      ...fx.deps,
      status: async () => {
        throw new HeadroomError('DATA_MISSING', 'no samples for any unit since 20:00');
      },
    };
    const result = await runTool('get_headroom', {}, missing);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'NO_DATA',
        message: 'no samples for any unit since 20:00',
        asked: {},
        hint: expect.stringContaining('say so rather than guessing'),
      },
    });
    const broken: ToolDeps = {
      ...fx.deps,
      status: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
    };
    await expect(runTool('get_headroom', {}, broken)).rejects.toThrow(TypeError);
  });
});
