// `headroom backtest` through the real binary: one run over the corpus, its help, and bad corpora.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'headroom-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function corpus(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('headroom backtest', () => {
  it('prints one JSON line per scenario with verdicts, plan, replayed and actual outcome, then a summary', async () => {
    const r = await runCli(['backtest', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const summary = lines.at(-1);
    expect(summary).toMatchObject({ summary: true, secondIncidents: 0 });
    expect(summary.agreed).toBe(summary.scenarios);
    const trough = lines.find((l) => l.name === 'trough-capacity-loss-on-the-best-target');
    expect(trough.verdicts['eu-west-1']).toBe('failover');
    expect(trough.plan.targets.map((t: { workUnit: string }) => t.workUnit)).not.toContain('eu-central-1');
    expect(trough.plan.targets[0].replayed).toMatchObject({ distress: false });
    expect(trough.plan.targets[0].actual.peakUtilisation).toBeGreaterThan(0);
  }, 60_000);

  it('exits 1 and names the scenario and what differs when a decision disagrees', async () => {
    const file = corpus(
      'wrong.yaml',
      'scenarios:\n  - name: expects-the-wrong-verdict\n    totalRps: 100000\n    signals: { eu-west-1: [metrics, edge-agent:telemetry] }\n    expect: { verdicts: { eu-west-1: failover }, plan: {} }\n',
    );
    const r = await runCli(['backtest', '--corpus', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DISAGREE expects-the-wrong-verdict/);
    expect(r.stdout).toMatch(/verdict of eu-west-1: watch, expected failover/);
    expect(r.stdout).toMatch(/0\/1 scenarios agree/);
  }, 60_000);

  it('refuses a corpus with a misspelled field or an unknown work unit, with file and place', async () => {
    const typo = corpus('typo.yaml', 'scenarios:\n  - name: x\n    totalRps: 1000\n    expct: {}\n');
    const r1 = await runCli(['backtest', '--corpus', typo]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/typo\.yaml/);
    expect(r1.stderr).toMatch(/expct|expect/);
    const unknown = corpus(
      'unknown.yaml',
      'scenarios:\n  - name: x\n    totalRps: 1000\n    signals: { eu-west-9: [metrics] }\n    expect: {}\n',
    );
    const r2 = await runCli(['backtest', '--corpus', unknown]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/scenarios\[0\] names unknown work unit "eu-west-9"/);
    const r3 = await runCli(['backtest', '--corpus', path.join(dir, 'missing.yaml')]);
    expect(r3.stderr).toMatch(/cannot read the file/);
    const help = await runCli(['backtest', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: headroom backtest/);
  }, 60_000);
});
