// One contract for every front end: the same questions, on the same scenario and store, get the same
// figures from the CLI (the real binary), the console, the tools (Claude and MCP), and Slack's builders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../bot/app/runtime.js';
import { runConsoleLine } from '../../bot/console/console.js';
import { blocksToText } from '../../bot/console/markup.js';
import { failoverReport } from '../../bot/core/failover.js';
import { failoverJson } from '../../bot/format/json.js';
import { failoverPlanMessage } from '../../bot/slack/blocks/plan.js';
import { openStore, type Store } from '../../bot/store/index.js';
import { createToolDeps } from '../../bot/tools-deps.js';
import { runTool } from '../../tools/registry/index.js';
import { DEMO, runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-parity-'));
const db = join(dir, 'store.db');
const DAYS = '35';
let rt: Runtime;
let store: Store;

beforeAll(async () => {
  rt = await openRuntime({ scenario: DEMO, historyDays: Number(DAYS), analyticsStore: db }, {});
  store = openStore(db);
});
afterAll(() => {
  rt?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = async (args: string[]) => {
  const r = await runCli([...args, '--scenario', DEMO, '--db', db, '--json'], { HEADROOM_HISTORY_DAYS: DAYS });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const consoleAsk = (line: string) => runConsoleLine({ core: rt.core, store, now: () => rt.atMs }, line);
const tool = async (name: string, args: unknown) => {
  const deps = createToolDeps({ core: rt.core, store, now: () => rt.atMs });
  const result = await runTool(name, args, deps);
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return (result as { ok: true; data: Record<string, unknown> }).data;
};
const pct = (x: number) => `${Math.round(100 * x)} %`;

describe('every front end answers the same question with the same figures', () => {
  it('failover eu-west-1: targets, shares and headroom after', async () => {
    const fromCli = await cli(['failover', 'eu-west-1']);
    const fromTool = await tool('recommend_failover', { workUnit: 'eu-west-1' });
    const targets = fromCli.plan.targets.map((t: { workUnit: string; share: number; headroomAfter: number }) => ({
      workUnit: t.workUnit,
      share: t.share,
      headroomAfter: t.headroomAfter,
    }));
    expect(targets.length).toBeGreaterThan(0);
    expect(
      (fromTool.plan as typeof fromCli.plan).targets.map((t: (typeof targets)[number]) => ({
        workUnit: t.workUnit,
        share: t.share,
        headroomAfter: t.headroomAfter,
      })),
    ).toEqual(targets);

    const inConsole = (await consoleAsk('/failover eu-west-1'))!;
    const inSlack = blocksToText(
      failoverPlanMessage(failoverJson(await failoverReport(rt.core, 'eu-west-1', rt.atMs))).blocks,
    );
    for (const t of targets) {
      expect(inConsole).toMatch(new RegExp(`${t.workUnit}\\s+${pct(t.share)}.*headroom after ${pct(t.headroomAfter)}`));
      expect(inSlack).toContain(t.workUnit);
      expect(inSlack).toContain(pct(t.share));
    }
  });

  it('capacity eu-west-1 over 30 days: the forecast peak and the crossing date', async () => {
    const fromCli = await cli(['capacity', 'eu-west-1']);
    const fromTool = await tool('forecast_load', { workUnit: 'eu-west-1', horizonDays: 30 });
    expect(fromTool.crossesAt).toBe(fromCli.crossesAt);
    expect(fromTool.model).toBe(fromCli.forecast.model);
    // the tool rounds its figures to 0.1 rps, the CLI prints them whole: the same at the tool's precision
    const p90 = fromCli.forecast.dailyPeaks.map((p: { p90: number }) => Math.round(p.p90 * 10) / 10);
    expect((fromTool.dailyPeaks as { p90: number }[]).map((p) => p.p90)).toEqual(p90);

    const inConsole = (await consoleAsk('/capacity eu-west-1 30d'))!;
    const top = fromCli.forecast.dailyPeaks.reduce((a: { p90: number }, b: { p90: number }) => (b.p90 > a.p90 ? b : a));
    expect(inConsole).toContain(`peak ${Math.round(top.p90).toLocaleString('en-US')} rps on ${top.date}`);
    expect(inConsole).toContain(
      fromCli.crossesAt === null ? 'no crossing within 30 d' : `crosses safe capacity ${fromCli.crossesAt}`,
    );
    // terminal text: no Slack markup left
    expect(inConsole).not.toMatch(/\*[^*\s][^*]*\*|(^|\s)_[^_]+_(\s|$)/);
  });

  it('status: every unit’s load and headroom, CLI and tool alike, and the console fleet view shows them', async () => {
    const fromCli = await cli(['status']);
    const fromTool = await tool('get_headroom', {});
    const pick = (units: { id: string; load: number | null; headroom: number | null; verdict: string }[]) =>
      units.map((u) => ({ id: u.id, load: u.load, headroom: u.headroom, verdict: u.verdict }));
    expect(pick(fromTool.workUnits as never)).toEqual(pick(fromCli.workUnits));
    const inConsole = (await consoleAsk('/failover'))!;
    for (const u of fromCli.workUnits) {
      expect(inConsole).toMatch(
        new RegExp(`${u.id}\\s+${u.verdict}\\s+${Math.round(u.load).toLocaleString('en-US')} rps`),
      );
    }
  });
});
