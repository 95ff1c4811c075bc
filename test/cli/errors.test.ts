import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-cli-'));

describe('headroom CLI bad input', () => {
  it('an unknown work unit lists the known IDs and exits 1', async () => {
    const r = await runCli(['failover', 'mars-1', '--scenario', DEMO]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown work unit "mars-1"');
    expect(r.stderr).toContain('us-east-1, us-west-2, eu-west-1, eu-central-1, ap-south-1, ap-northeast-1, sa-east-1');
  });

  it('malformed fleet YAML names file, line and reason', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'name: x\nworkUnits: [\n  - id: a\n');
    const r = await runCli(['status', '--fleet', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+`));
    expect(r.stderr).toContain('valid YAML');
  });

  it('an invalid fleet field names the path and what was expected', async () => {
    const file = join(dir, 'bad-field.yaml');
    const { readFileSync } = await import('node:fs');
    const example = readFileSync(new URL('../../manifests/fleet.example.yaml', import.meta.url), 'utf8');
    writeFileSync(file, example.replace('headroomWarning: 0.20', 'headroomWarning: lots'));
    const r = await runCli(['status', '--fleet', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('thresholds.headroomWarning');
    expect(r.stderr).toContain('number');
  });

  it('an unparsable --at is a clear error', async () => {
    const r = await runCli(['status', '--at', 'tuesday-ish']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--at: cannot read "tuesday-ish"');
  });

  it('an unknown option and a missing argument are usage errors', async () => {
    const unknown = await runCli(['status', '--frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/frobnicate/);
    const missing = await runCli(['failover']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing the work unit');
  });

  it.each([
    'status',
    'failover',
    'whatif',
    'capacity',
    'sim',
    'audit verify',
    'start',
  ])('%s has --help', async (cmd) => {
    const r = await runCli([...cmd.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: headroom');
  });

  it('a command group without its sub-command lists the sub-commands', async () => {
    const r = await runCli(['audit']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^headroom audit takes a sub-command:\n {2}headroom audit verify +check the audit log: hash chain/,
    );
    const typo = await runCli(['edge', 'chek']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('headroom edge has no sub-command "chek"; it takes a sub-command:');
  });

  it('capacity: an extra argument and an unwritable --chart folder are usage errors before any work', async () => {
    const extra = await runCli(['capacity', 'eu-west-1', 'extra']);
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain('one work unit at most, not "eu-west-1 extra"');
    const chart = await runCli(['capacity', 'eu-west-1', '--chart', join(dir, 'missing', 'x.png')]);
    expect(chart.code).toBe(1);
    expect(chart.stderr).toContain(`cannot write there (${join(dir, 'missing')} does not exist or is not writable)`);
  });

  it('the top level has --help listing the commands', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Commands:');
  });
});
