import { describe, expect, it } from 'vitest';
import { DEMO, runCli } from './run-cli.js';

const IDS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'ap-northeast-1', 'sa-east-1'];

describe('headroom CLI contracts (the real binary)', () => {
  it('status --json lists every unit with load, safe capacity, headroom, binding resource and verdict', async () => {
    const r = await runCli(['status', '--scenario', DEMO, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.at).toBe('2026-03-03T21:30:00.000Z');
    expect(out.workUnits.map((u: { id: string }) => u.id)).toEqual(IDS);
    for (const u of out.workUnits) {
      expect(Object.keys(u)).toEqual(
        expect.arrayContaining(['id', 'load', 'safeCapacity', 'headroom', 'bindingResource', 'verdict']),
      );
      expect(['failover', 'watch', 'healthy', 'unknown']).toContain(u.verdict);
    }
    const euWest = out.workUnits.find((u: { id: string }) => u.id === 'eu-west-1');
    expect(euWest.verdict).toBe('failover');
  });

  it('failover <wu> --json gives verdict, signals and a feasible plan whose shares sum to 1', async () => {
    const r = await runCli(['failover', 'eu-west-1', '--scenario', DEMO, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.workUnit).toBe('eu-west-1');
    expect(out.verdict).toBe('failover');
    expect(['high', 'medium', 'low']).toContain(out.confidence);
    expect(
      out.signals.filter((s: { status: string }) => s.status === 'firing').map((s: { source: string }) => s.source),
    ).toEqual(expect.arrayContaining(['metrics', 'anomaly-api']));
    expect(out.plan.feasible).toBe(true);
    const shares = out.plan.targets.reduce((s: number, t: { share: number }) => s + t.share, 0);
    expect(shares).toBeCloseTo(1, 3);
    for (const t of out.plan.targets) {
      expect(Object.keys(t)).toEqual(
        expect.arrayContaining(['workUnit', 'share', 'headroomAfter', 'ttfbP95DeltaMs', 'coldStart']),
      );
      expect(t.workUnit).not.toBe('eu-west-1');
    }
    expect(typeof out.plan.costPerHourDelta).toBe('number');
    expect(out.plan.stages.length).toBeGreaterThan(0);
    for (const stage of out.plan.stages) {
      // rounded like every other figure: loads to 0.1 rps, fractions to 4 places
      for (const m of stage.moves) expect(m.load).toBe(Math.round(m.load * 10) / 10);
      expect(stage.cumulativeFraction).toBe(Math.round(stage.cumulativeFraction * 1e4) / 1e4);
    }
    expect(out.plan.stages.at(-1).cumulativeFraction).toBe(1);
    expect(out.plan.shedRequired).toBe(0);
    expect(out.rejected.every((x: { reason: string }) => x.reason.length > 0)).toBe(true);
    expect(out.reasons.length).toBeGreaterThan(0);
  });

  it('failover of a healthy unit still plans, and the verdict says Headroom would not recommend it', async () => {
    const r = await runCli(['failover', 'ap-northeast-1', '--scenario', DEMO, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toBe('healthy');
    expect(out.plan.targets.length).toBeGreaterThan(0);
  });

  it('whatif --shed with a forced split and growth reports per-unit peak headroom', async () => {
    const r = await runCli([
      'whatif',
      '--shed',
      'eu-west-1',
      '--split',
      'eu-central-1=0.6,us-east-1=0.4',
      '--grow',
      '10',
      '--at',
      'next-peak',
      '--scenario',
      DEMO,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(typeof out.feasible).toBe('boolean');
    expect(Date.parse(out.atTime)).toBeGreaterThan(Date.parse('2026-03-03T21:00:00Z'));
    expect(out.workUnits.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining(['eu-central-1', 'us-east-1']),
    );
    for (const u of out.workUnits) expect(Object.keys(u)).toEqual(['id', 'peakLoad', 'safeCapacity', 'headroomAtPeak']);
    const split = Object.fromEntries(
      out.plan.targets.map((t: { workUnit: string; share: number }) => [t.workUnit, t.share]),
    );
    expect(split['eu-central-1']).toBeCloseTo(0.6, 3);
    expect(split['us-east-1']).toBeCloseTo(0.4, 3);
  });

  it('capacity <wu> --json gives the baseline with evidence', async () => {
    const r = await runCli(['capacity', 'ap-south-1', '--scenario', DEMO, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.workUnits).toHaveLength(1);
    const u = out.workUnits[0];
    expect(u.safeCapacity).toBeGreaterThan(0);
    expect(u.baseline.evidence.length).toBeGreaterThan(0);
    expect(['cpu', 'memory', 'connections', 'network']).toContain(u.bindingResource);
  });
});
