import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHIPPED_RUNBOOKS } from '../config/load-fleet.js';
import { loadRunbooks } from './index.js';
import { parseRunbook } from './parse.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbooks-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('runbooks', () => {
  it('splits a runbook by section, with urgency from the heading and rollback notes', () => {
    const sections = parseRunbook(
      'x.md',
      '# Disk full\nApplies to: disk, capacity-exhaustion\n\n## Context\nwhy\n## Now\n- free space\n1. rotate logs\n## Within 1 h\n- add a volume\n## Rollback\n- remove the volume\n',
    );
    expect(sections.map((s) => [s.id, s.urgency, s.rollback, s.steps])).toEqual([
      ['x.md#context', null, false, []],
      ['x.md#now', 'now', false, ['free space', 'rotate logs']],
      ['x.md#within-1-h', 'within 1 h', false, ['add a volume']],
      ['x.md#rollback', null, true, ['remove the volume']],
    ]);
    expect(sections[0]!.appliesTo).toEqual(['disk', 'capacity-exhaustion']);
  });

  it('finds the runbook for a cause by BM25 over the shipped examples, steps grouped by urgency', () => {
    const index = loadRunbooks(SHIPPED_RUNBOOKS);
    const top = (q: string) => index.suggest(q, 1)[0]!;
    expect(top('network-loss connections connection drop eu-west-1').file).toBe('connection-loss.md');
    expect(top('bad-deploy release rollback new errors').file).toBe('bad-deploy.md');
    expect(top('traffic-surge client region apac').file).toBe('traffic-surge.md');
    expect(top('telemetry-failure stale missing data').file).toBe('telemetry-failure.md');
    const s = top('capacity-exhaustion cpu saturation');
    expect(s.file).toBe('capacity-exhaustion.md');
    expect([...new Set(s.steps.map((x) => x.urgency))]).toEqual(['now', 'within 15 min', 'within 1 h']);
    expect(s.rollback[0]!.note).toMatch(/two daily peaks/);
  });

  it('a missing, empty or malformed folder is a clear error', () => {
    expect(() => loadRunbooks('/nonexistent/runbooks')).toThrow(
      'runbook folder /nonexistent/runbooks does not exist or is not a folder',
    );
    expect(() => loadRunbooks(folder({ 'notes.txt': 'x' }))).toThrow(/has no \.md runbooks/);
    const bad = folder({ 'ok.md': '# A\n## Now\n- step\n', 'broken.md': 'no title here\n## Now\n- step\n' });
    expect(() => loadRunbooks(bad)).toThrow(/runbook .*broken\.md is malformed: broken\.md: no "# Title" line/);
    expect(() => loadRunbooks(folder({ 'x.md': '# A\n## Context\nprose only\n' }))).toThrow(
      /no steps under a "## Now", "## Within 15 min" or "## Within 1 h" section/,
    );
  });
});
