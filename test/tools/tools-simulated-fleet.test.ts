// Every analytic tool run through the registry against a real Runtime over the simulated fleet
// (the demo scenario: eu-west-1 loses its connections at its evening peak and the anomaly API
// agrees), compared with the core functions the CLI uses at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affinityRanking } from '../../analytics/affinity.js';
import { moveCostDelta, routingCostPerHour, type TrafficMove } from '../../analytics/cost.js';
import { capacityReport } from '../../bot/core/capacity.js';
import { capacityForecast } from '../../bot/core/capacity-forecast.js';
import { evaluateFleet } from '../../bot/core/evaluate.js';
import { failoverReport } from '../../bot/core/failover.js';
import { whatIf } from '../../bot/core/whatif.js';
import { capacityJson, failoverJson, whatifJson } from '../../bot/format/json.js';
import { parseWhatIfWords } from '../../bot/handlers/commands.js';
import { estimateCostTool } from '../../tools/registry/tools/estimate-cost.js';
import { forecastLoadTool } from '../../tools/registry/tools/forecast-load.js';
import { getAffinityTool } from '../../tools/registry/tools/get-affinity.js';
import { getCapacityBaselineTool } from '../../tools/registry/tools/get-capacity-baseline.js';
import { getHeadroomTool } from '../../tools/registry/tools/get-headroom.js';
import { getSignalsTool } from '../../tools/registry/tools/get-signals.js';
import { listWorkUnitsTool } from '../../tools/registry/tools/list-work-units.js';
import { recommendFailoverTool } from '../../tools/registry/tools/recommend-failover.js';
import { simulateMigrationTool } from '../../tools/registry/tools/simulate-migration.js';
import { callOk, openToolFixture, rounded, type ToolFixture } from './helpers/tool-fixture.js';

const DISTRESSED = 'eu-west-1';

describe('tools over the simulated fleet (demo scenario)', () => {
  let fx: ToolFixture;
  let atMs: number;

  beforeAll(async () => {
    fx = await openToolFixture({ scenario: 'manifests/scenarios/demo.yaml' });
    atMs = fx.runtime.atMs;
  }, 120_000);
  afterAll(() => fx?.close());

  it('list_work_units gives the configured units, states and routing shares', async () => {
    const data = await callOk(fx.deps, listWorkUnitsTool, {});
    expect(data.workUnits.map((u) => u.id)).toEqual(fx.runtime.config.fleet.workUnits.map((u) => u.id));
    const sa = data.workUnits.find((u) => u.id === 'sa-east-1')!;
    expect(sa.state).toBe('cold-standby');
    expect(sa.serves).toEqual({});
    expect(data.workUnits.find((u) => u.id === 'us-east-1')!.serves).toEqual({
      'na-east': 0.85,
      'na-west': 0.1,
      'south-america': 1,
    });
    expect(data.clientRegions.reduce((s, r) => s + r.trafficShare, 0)).toBeCloseTo(1, 9);
  });

  it('get_headroom agrees with evaluateFleet at the same moment, unit by unit', async () => {
    const status = await evaluateFleet(fx.runtime.core, atMs);
    const data = await callOk(fx.deps, getHeadroomTool, {});
    expect(data.at).toBe(new Date(atMs).toISOString());
    expect(data.headroomWarningBelow).toBe(0.2);
    expect(data.workUnits).toHaveLength(status.workUnits.length);
    for (const unit of status.workUnits) {
      const got = data.workUnits.find((u) => u.id === unit.id)!;
      expect(got.load, unit.id).toBe(rounded(unit.load, 1));
      expect(got.safeCapacity, unit.id).toBe(rounded(unit.safeCapacity, 1));
      expect(got.headroom, unit.id).toBe(rounded(unit.headroom, 4));
      expect(got.headroomLevel, unit.id).toBe(unit.headroomLevel);
      expect(got.verdict, unit.id).toBe(unit.verdict.verdict);
    }
    expect(data.workUnits.find((u) => u.id === DISTRESSED)!.verdict).toBe('failover');
  });

  it('get_headroom for one unit returns only that unit', async () => {
    const data = await callOk(fx.deps, getHeadroomTool, { workUnit: 'us-east-1' });
    expect(data.workUnits.map((u) => u.id)).toEqual(['us-east-1']);
    expect(data.workUnits[0]!.verdict).toBe('healthy');
  });

  it('get_signals shows the two firing sources behind the distressed unit, with reasons and times', async () => {
    const data = await callOk(fx.deps, getSignalsTool, { workUnit: DISTRESSED });
    const unit = data.workUnits[0]!;
    expect(unit.verdict).toBe('failover');
    const firing = unit.signals.filter((s) => s.status === 'firing').map((s) => s.source);
    expect(firing).toEqual(expect.arrayContaining(['metrics', 'anomaly-api']));
    expect(unit.reasons.length).toBeGreaterThan(0);
    for (const s of unit.signals.filter((x) => x.status !== 'unknown')) expect(s.observedAt).toMatch(/^2026-03-03T/);
    const all = await callOk(fx.deps, getSignalsTool, {});
    expect(all.workUnits).toHaveLength(7);
  });

  it('get_capacity_baseline agrees with capacityReport (evidence cut to five peaks)', async () => {
    const expected = capacityJson(await capacityReport(fx.runtime.core, atMs, 'ap-south-1'));
    const data = await callOk(fx.deps, getCapacityBaselineTool, { workUnit: 'ap-south-1' });
    const unit = expected.workUnits[0]!;
    expect(data.workUnits[0]).toEqual({
      ...unit,
      baseline: { ...unit.baseline, evidence: unit.baseline.evidence.slice(0, 5) },
    });
    expect(data.workUnits[0]!.safeCapacity).toBeGreaterThan(0);
    expect(data.workUnits[0]!.nextPeak.load).toBeGreaterThan(0);
  });

  it("get_affinity ranks each client region by TTFB p95 with today's routing shares", async () => {
    const data = await callOk(fx.deps, getAffinityTool, { clientRegion: 'eu-west' });
    const ranking = data.clientRegions[0]!.ranking;
    expect(ranking.map((r) => r.workUnit)).toEqual(
      affinityRanking(fx.runtime.config.fleet, 'eu-west').map((e) => e.workUnit),
    );
    expect(ranking[0]).toEqual({ workUnit: 'eu-west-1', rank: 1, p50Ms: 22, p95Ms: 50, routedShare: 0.9 });
    expect(ranking[1]).toMatchObject({ workUnit: 'eu-central-1', p95Ms: 79, routedShare: 0.1 });
    const all = await callOk(fx.deps, getAffinityTool, {});
    expect(all.clientRegions).toHaveLength(7);
  });

  it('recommend_failover agrees with failoverReport for the distressed unit', async () => {
    const expected = failoverJson(await failoverReport(fx.runtime.core, DISTRESSED, atMs));
    const data = await callOk(fx.deps, recommendFailoverTool, { workUnit: DISTRESSED });
    expect(data).toEqual(expected);
    expect(data.verdict).toBe('failover');
    expect(data.plan.targets.length).toBeGreaterThan(0);
    expect(data.plan.drained).toEqual([DISTRESSED]);
  });

  it('simulate_migration with a forced split agrees with whatIf for the same request', async () => {
    const words = ['shed', DISTRESSED, 'split', 'eu-central-1=0.6,us-east-1=0.4', 'at', 'next-peak'];
    const expected = whatifJson(await whatIf(fx.runtime.core, parseWhatIfWords(words), atMs));
    const data = await callOk(fx.deps, simulateMigrationTool, {
      shed: [DISTRESSED],
      split: { 'eu-central-1': 0.6, 'us-east-1': 0.4 },
      at: 'next-peak',
    });
    expect(data).toEqual(expected);
    expect(data.moment).toBe('the next daily peak');
    expect(data.workUnits.find((u) => u.id === DISTRESSED)!.peakLoad).toBe(0);
    const shares = Object.fromEntries(data.plan!.targets.map((t) => [t.workUnit, t.share]));
    expect(shares).toEqual({ 'eu-central-1': 0.6, 'us-east-1': 0.4 });
  });

  it('simulate_migration with growth and added capacity in 30 days agrees with whatIf', async () => {
    const words = ['grow', '20', 'add-capacity', 'ap-south-1=50', 'at', '+30d'];
    const expected = whatifJson(await whatIf(fx.runtime.core, parseWhatIfWords(words), atMs));
    const data = await callOk(fx.deps, simulateMigrationTool, {
      growPct: 20,
      addCapacityPct: { 'ap-south-1': 50 },
      at: '+30d',
    });
    expect(data).toEqual(expected);
    expect(data.moment).toBe('the daily peak in 30 days');
    expect(data.plan).toBeNull();
  });

  it('forecast_load agrees with capacityForecast: daily P50/P90 peaks, crossing date, first hours', async () => {
    const f = await capacityForecast(fx.runtime.core, 'ap-south-1', atMs, 30);
    const data = await callOk(fx.deps, forecastLoadTool, { workUnit: 'ap-south-1', horizonDays: 30, hourlyPoints: 6 });
    expect(data.model).toBe(f.forecast.model);
    expect(data.crossesAt).toBe(f.forecast.crossesAt);
    expect(data.safeCapacity).toBe(rounded(f.safeCapacity, 1));
    expect(data.dailyPeaks).toEqual(
      f.forecast.dailyPeaks.map((p) => ({ date: p.date, p50: rounded(p.p50, 1), p90: rounded(p.p90, 1) })),
    );
    // Today comes first: its peak joins what was observed so far with the rest of the day's forecast.
    expect(data.dailyPeaks[0]!.date).toBe(new Date(atMs).toISOString().slice(0, 10));
    expect(data.hourly).toHaveLength(6);
    expect(data.hourly[0]!.lo).toBeLessThanOrEqual(data.hourly[0]!.hi!);
    const top = Math.max(...f.forecast.dailyPeaks.map((p) => p.p90));
    expect(data.maxDailyPeakP90!.load).toBe(rounded(top, 1));
  }, 60_000);

  it('estimate_cost prices the current routing and a proposed split with the cost model', async () => {
    const fleet = fx.runtime.config.fleet;
    const loads = await fx.deps.regionLoad(atMs);
    const status = await evaluateFleet(fx.runtime.core, atMs);
    // The per-region split of a unit's traffic adds up to its measured load now.
    const usEastNow = status.workUnits.find((u) => u.id === 'us-east-1')!.load;
    const usEastSum = Object.values(loads).reduce((s, row) => s + (row['us-east-1'] ?? 0), 0);
    expect(usEastSum).toBeCloseTo(usEastNow, 0);

    const current = await callOk(fx.deps, estimateCostTool, {});
    expect(current.currentPerHour).toBe(rounded(routingCostPerHour(fleet, loads), 2));
    expect(current.proposal).toBeNull();

    const data = await callOk(fx.deps, estimateCostTool, {
      fromWorkUnit: 'us-east-1',
      split: { 'us-west-2': 0.5, 'eu-west-1': 0.5 },
      fraction: 0.5,
    });
    const moves: TrafficMove[] = Object.entries(loads).flatMap(([region, row]) =>
      (row['us-east-1'] ?? 0) > 0
        ? ['us-west-2', 'eu-west-1'].map((to) => ({
            clientRegion: region,
            from: 'us-east-1',
            to,
            rps: row['us-east-1']! * 0.25,
          }))
        : [],
    );
    const delta = moveCostDelta(fleet, moves);
    expect(data.proposal!.deltaPerHour).toBe(rounded(delta, 2));
    expect(data.proposal!.movedRps).toBeCloseTo(usEastSum / 2, 0);
    expect(delta).toBeGreaterThan(0); // eu-west-1 is dearer towards American users
    const byTarget = data.proposal!.byTarget.reduce((s, t) => s + t.deltaPerHour!, 0);
    expect(byTarget).toBeCloseTo(data.proposal!.deltaPerHour!, 1);
  });
});
