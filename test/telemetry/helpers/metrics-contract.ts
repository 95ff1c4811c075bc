// One contract for every MetricsSource (Hono-style: the same cases against each implementation).
// The reference is the simulated fleet itself; a source passes when it yields the same series,
// latest samples, capacity baselines and verdicts within the tolerances stated here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadroomError } from '../../../analytics/errors.js';
import type { UnitVerdict } from '../../../analytics/types.js';
import { Core } from '../../../bot/core/core.js';
import { evaluateFleet, type FleetStatus } from '../../../bot/core/evaluate.js';
import { SeasonalProfileForecaster } from '../../../bot/core/forecaster.js';
import { SimulatedMetricsSource, simulatedSignalSources } from '../../../tools/sim/index.js';
import type { MetricsSource } from '../../../tools/sources/types.js';
import { contractSim, END_MS, fleet, HISTORY_DAYS, HOUR_MS, INSTANTS, STEP_MS } from './contract-fixture.js';

/** Safe capacity may differ by this fraction (Prometheus's 5-min lookback adds a sample after each gap). */
export const BASELINE_TOLERANCE = 0.01;
/** Extra points a source may show per telemetry gap (the lookback again); values must match exactly. */
export const EXTRA_POINTS_PER_GAP = 1;

export interface ContractSubject {
  source: MetricsSource;
  teardown?: () => Promise<void>;
}

function coreOver(metrics: MetricsSource): Core {
  const sim = contractSim();
  return new Core({
    fleet,
    metrics,
    signalSources: simulatedSignalSources(sim),
    sourcesInUse: ['metrics', 'anomaly-api', 'alertmanager', 'edge-agent'],
    forecaster: new SeasonalProfileForecaster(),
    history: { days: HISTORY_DAYS, stepMs: STEP_MS },
  });
}

async function evaluateAll(core: Core): Promise<Map<number, FleetStatus>> {
  const out = new Map<number, FleetStatus>();
  for (const at of Object.values(INSTANTS)) out.set(at, await evaluateFleet(core, at));
  return out;
}

function verdictOf(statuses: Map<number, FleetStatus>, at: number, unit: string): UnitVerdict {
  return statuses.get(at)!.workUnits.find((u) => u.id === unit)!.verdict;
}

export function metricsSourceContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`MetricsSource contract: ${name}`, () => {
    const reference = new SimulatedMetricsSource(contractSim());
    let subject: ContractSubject;
    let expected: Map<number, FleetStatus>;
    let actual: Map<number, FleetStatus>;

    beforeAll(async () => {
      subject = await open();
      [expected, actual] = await Promise.all([evaluateAll(coreOver(reference)), evaluateAll(coreOver(subject.source))]);
    }, 120_000);
    // Registered separately so a failing evaluation still stops the server.
    afterAll(() => subject?.teardown?.());

    it('serves a step-aligned range for every unit, equal to the simulation where both have samples', async () => {
      const range = { startMs: END_MS - 2 * 24 * HOUR_MS, endMs: END_MS, stepMs: STEP_MS };
      const [want, got] = await Promise.all([
        reference.unitRange('cpu', range),
        subject.source.unitRange('cpu', range),
      ]);
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [unit, w] of want) {
        const g = got.get(unit)!;
        expect(g.startMs).toBe(range.startMs);
        expect(g.stepMs).toBe(range.stepMs);
        expect(g.values.length).toBe(w.values.length);
        let extra = 0;
        for (let i = 0; i < w.values.length; i++) {
          if (Number.isNaN(w.values[i]!)) {
            if (!Number.isNaN(g.values[i]!)) extra++;
          } else {
            expect(g.values[i]).toBeCloseTo(w.values[i]!, 9);
          }
        }
        expect(extra, `${unit}: points shown inside a telemetry gap`).toBeLessThanOrEqual(EXTRA_POINTS_PER_GAP);
      }
    });

    it('splits long ranges (90 days at 5 min > 11,000 points) without losing or shifting points', async () => {
      const range = { startMs: END_MS - HISTORY_DAYS * 24 * HOUR_MS, endMs: END_MS, stepMs: STEP_MS };
      const [want, got] = await Promise.all([
        reference.unitRange('load', range),
        subject.source.unitRange('load', range),
      ]);
      const w = want.get('us-east-1')!.values;
      const g = got.get('us-east-1')!.values;
      expect(g.length).toBe(w.length);
      for (const i of [0, 9_999, 10_000, 10_001, 20_000, w.length - 1]) expect(g[i]).toBeCloseTo(w[i]!, 9);
    });

    it('serves region load for every routed (client region, unit) pair', async () => {
      const range = { startMs: END_MS - 24 * HOUR_MS, endMs: END_MS, stepMs: HOUR_MS };
      const [want, got] = await Promise.all([reference.regionLoadRange(range), subject.source.regionLoadRange(range)]);
      for (const [region, byUnit] of want) {
        for (const [unit, w] of byUnit) {
          const g = got.get(region)?.get(unit);
          expect(g, `${region}/${unit}`).toBeDefined();
          w.values.forEach((v, i) => {
            if (!Number.isNaN(v)) expect(g!.values[i]).toBeCloseTo(v, 6);
          });
        }
      }
    });

    it('gives the newest sample and its time; a unit in a telemetry gap has none fresh', async () => {
      const [want, got] = await Promise.all([
        reference.latest('connections', INSTANTS.quiet),
        subject.source.latest('connections', INSTANTS.quiet),
      ]);
      for (const [unit, w] of want) {
        expect(got.get(unit)?.value).toBeCloseTo(w.value, 6);
        expect(got.get(unit)?.sampleMs).toBe(w.sampleMs);
      }
      const inGap = (await subject.source.latest('load', INSTANTS.gap)).get('ap-south-1');
      if (inGap) expect(INSTANTS.gap - inGap.sampleMs).toBeGreaterThan(fleet.thresholds.signalFreshnessSeconds * 1000);
    });

    it(`learns the same capacity baselines (binding resource; safe capacity within ${BASELINE_TOLERANCE * 100} %)`, () => {
      const want = expected.get(INSTANTS.quiet)!.workUnits;
      const got = actual.get(INSTANTS.quiet)!.workUnits;
      for (const w of want) {
        const g = got.find((u) => u.id === w.id)!;
        expect(g.bindingResource, w.id).toBe(w.bindingResource);
        expect(Math.abs(g.safeCapacity - w.safeCapacity) / w.safeCapacity, w.id).toBeLessThanOrEqual(
          BASELINE_TOLERANCE,
        );
      }
    });

    it('reaches the same verdict for every unit at every instant', () => {
      for (const [at, status] of expected) {
        for (const w of status.workUnits) {
          expect(verdictOf(actual, at, w.id).verdict, `${w.id} at ${new Date(at).toISOString()}`).toBe(
            w.verdict.verdict,
          );
        }
      }
    });

    it('sees the faults: stale telemetry is unknown, a drop plus an alert is a failover, one source is a watch', () => {
      const metricsOf = (at: number, unit: string) =>
        verdictOf(actual, at, unit).signals.find((s) => s.source === 'metrics')!;
      expect(metricsOf(INSTANTS.gap, 'ap-south-1').status).toBe('unknown');
      expect(metricsOf(INSTANTS.quiet, 'ap-south-1').status).not.toBe('unknown');
      expect(verdictOf(actual, INSTANTS.failoverDrop, 'eu-west-1').verdict).toBe('failover');
      expect(
        verdictOf(actual, INSTANTS.watchDrop, 'us-west-2').verdict,
        JSON.stringify(verdictOf(actual, INSTANTS.watchDrop, 'us-west-2').signals),
      ).toBe('watch');
    });

    it('rejects a range that cannot be asked (end before start, no step) as bad input', async () => {
      for (const range of [
        { startMs: END_MS, endMs: END_MS - HOUR_MS, stepMs: STEP_MS },
        { startMs: END_MS - HOUR_MS, endMs: END_MS, stepMs: 0 },
      ]) {
        await expect(subject.source.unitRange('load', range)).rejects.toBeInstanceOf(HeadroomError);
      }
    });
  });
}
