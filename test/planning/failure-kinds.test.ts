// The four ways Headroom's plans went wrong (issue 17), one test each, written against the
// functions the plans are built from. Each of these failed on the code before the fix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capacityNow } from '../../analytics/capacity-now.js';
import { planFailover } from '../../analytics/planner/plan.js';
import { loadsFromRouting } from '../../analytics/planner/test-fleet.js';
import type { PlanInput } from '../../analytics/planner/types.js';
import type { CapacityBaseline, Signal } from '../../analytics/types.js';
import { decideVerdict } from '../../analytics/verdict.js';
import { openRuntime } from '../../bot/app/runtime.js';
import { failoverReport } from '../../bot/core/failover.js';
import { loadFleetConfig } from '../../tools/config/load-fleet.js';

const AT = Date.parse('2026-03-03T04:00:00Z');

// cpu binds: 0.1 + 0.0001 × load reaches 1 at 9,000 rps. Latency p95 = 40 ms × (1 + 0.15 u/(1−u)).
const baseline: CapacityBaseline = {
  workUnit: 'wu',
  bindingResource: 'cpu',
  saturationLoad: 9_000,
  maxHealthyLoad: 7_000,
  safeCapacity: 5_600,
  extrapolated: false,
  confidence: 'high',
  evidence: [],
  saturationByResource: { cpu: 9_000, memory: 18_000, connections: Number.POSITIVE_INFINITY, network: 45_000 },
  utilisationFit: {
    cpu: { intercept: 0.1, slope: 0.0001, periodicSlots: [], spread: 0.01 },
    memory: { intercept: 0.1, slope: 0.00005, periodicSlots: [], spread: 0.01 },
    connections: null,
    network: { intercept: 0, slope: 1 / 45_000, periodicSlots: [], spread: 0.005 },
  },
  response: { latencyBaseMs: 40, latencyQueueGain: 0.15, latencySpread: 0.03, errorBase: 0.002, errorSpread: 0.0005 },
  notes: [],
};
const queue = (u: number) => u / (1 - u);

describe('1: capacity loss is seen at any load', () => {
  it('at the overnight trough: 70 % of capacity gone, latency doubled, utilisation far from its limit', () => {
    const load = 1_500; // 21 % of the highest healthy load
    const kept = 0.3;
    const pressure = (0.1 + 0.0001 * load) / kept; // 0.83
    const now = capacityNow(
      baseline,
      AT,
      load,
      { cpu: pressure, memory: (0.1 + 0.00005 * load) / kept, network: load / 45_000 / kept },
      { latencyP95: 40 * (1 + 0.15 * queue(pressure)), errorRate: 0.002 },
    );
    expect(now.kept).toBeGreaterThan(0.25);
    expect(now.kept).toBeLessThan(0.35);
    expect(now.safeCapacity).toBeLessThan(0.35 * baseline.safeCapacity);
    expect(now.lost).toBeDefined();
    expect(now.lost!.low).toBeLessThanOrEqual(0.7);
    expect(now.lost!.high).toBeGreaterThanOrEqual(0.7);
    expect(now.lost!.evidence.join(' ')).toMatch(/cpu/);
    expect(now.lost!.evidence.join(' ')).toMatch(/latency/);
  });

  it('does not under-estimate a loss once utilisation clamps at 100 %: latency tells how far past it is', () => {
    const load = 5_000;
    const kept = 0.4;
    const pressure = (0.1 + 0.0001 * load) / kept; // 1.5, reported as 1.0
    const q = 0.98 / 0.02 + (pressure - 0.98) / 0.02 ** 2;
    const now = capacityNow(
      baseline,
      AT,
      load,
      { cpu: 1, memory: Math.min(1, 0.35 / kept) },
      { latencyP95: 40 * (1 + 0.15 * q), errorRate: 0.002 + 0.6 * 0.65 ** 2 + 0.8 * 0.5 },
    );
    expect(now.kept).toBeLessThan(0.45);
    expect(now.kept).toBeGreaterThan(0.35);
    expect(now.lost!.evidence.join(' ')).toMatch(/clamp|100 %/);
  });
});

const { fleet } = loadFleetConfig();
const TOTAL = 100_000;
function input(overrides: Partial<PlanInput>, utilisation: Record<string, number>): PlanInput {
  return { fleet, drain: ['eu-west-1'], ...loadsFromRouting(fleet, TOTAL, utilisation), ...overrides };
}

describe('2: a unit with an active capacity loss is no ordinary candidate', () => {
  const degraded = { 'eu-central-1': 'active capacity loss: about 60 % of capacity lost (cpu, latency)' };

  it('gets nothing while a plan without it exists, and says why', () => {
    const plan = planFailover(
      input({ lastResort: degraded }, { 'eu-central-1': 0.3, 'us-east-1': 0.3, 'us-west-2': 0.3 }),
    );
    expect(plan.feasible).toBe(true);
    expect(plan.targets.map((t) => t.workUnit)).not.toContain('eu-central-1');
    const reason = plan.rejected.find((r) => r.workUnit === 'eu-central-1')?.reason ?? '';
    expect(reason).toMatch(/capacity loss/);
    expect(reason).toMatch(/kept out|last resort/);
  });

  it('is a last resort, named with its risk, when no plan without it exists', () => {
    const full = {
      'eu-central-1': 0.3,
      'us-east-1': 0.97,
      'us-west-2': 0.97,
      'ap-south-1': 0.97,
      'ap-northeast-1': 0.97,
    };
    const plan = planFailover(input({ lastResort: degraded, excluded: { 'sa-east-1': 'test' } }, full));
    const central = plan.targets.find((t) => t.workUnit === 'eu-central-1');
    expect(central).toBeDefined();
    expect(central!.lastResort).toMatch(/capacity loss/);
    expect(plan.notes.join(' ')).toMatch(/last resort/);
  });
});

describe('4: signals that read the same measurement count once', () => {
  it('central metrics and an edge agent judging the same error-rate series give watch, not failover', () => {
    const at = AT;
    const signals: Signal[] = [
      {
        source: 'metrics',
        status: 'firing',
        detail: 'error rate 9.0 % ≥ 5.0 %',
        observedAtMs: at,
        measures: ['telemetry'],
      },
      {
        source: 'edge-agent',
        status: 'firing',
        detail: 'edge agent reports: error rate 9.0 % ≥ 5.0 %',
        observedAtMs: at,
        measures: ['telemetry'],
      },
      { source: 'anomaly-api', status: 'ok', detail: 'nothing unusual', observedAtMs: at },
    ];
    const v = decideVerdict({ workUnit: 'wu', signals, atMs: at, freshnessMs: 600_000 });
    expect(v.verdict).toBe('watch');
    expect(v.reasons.join(' ')).toMatch(/same measurement/);
    const local: Signal = { ...signals[1]!, measures: ['edge-probes'], detail: 'listener :443 down' };
    expect(
      decideVerdict({ workUnit: 'wu', signals: [signals[0]!, local], atMs: at, freshnessMs: 600_000 }).verdict,
    ).toBe('failover');
  });
});

const dir = mkdtempSync(path.join(tmpdir(), 'headroom-served-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('3: the plan moves what a unit actually serves', () => {
  it('a standby carrying a drained unit’s traffic has that traffic to move', async () => {
    const file = path.join(dir, 'drained.yaml');
    writeFileSync(
      file,
      'seed: 7\nat: 2026-03-03T21:30:00Z\nfaults:\n' +
        '  - { workUnit: ap-south-1, kind: drain, target: sa-east-1, start: 2026-03-03T15:00:00Z, durationMinutes: 600, magnitude: 1 }\n',
    );
    const rt = await openRuntime({ scenario: file, historyDays: 10 }, {});
    const report = await failoverReport(rt.core, 'sa-east-1', rt.atMs);
    expect(report.load).toBeGreaterThan(1_000);
    expect(report.plan.movedLoad).toBeGreaterThan(0.8 * report.load);
    const moved = report.plan.targets.reduce((s, t) => s + (t.byClientRegion['south-asia'] ?? 0), 0);
    expect(moved).toBeGreaterThan(0.7 * report.load);
  }, 60_000);
});
