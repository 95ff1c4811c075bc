// The replayed outcome and the last-resort reason reach every edge: JSON, text and Slack.
import { describe, expect, it } from 'vitest';
import { planWithReplay } from '../../analytics/planner/replayed.js';
import { loadsFromRouting } from '../../analytics/planner/test-fleet.js';
import type { UnitModel } from '../../analytics/replay.js';
import { planJson } from '../../bot/format/json.js';
import { planText } from '../../bot/format/text.js';
import { planBodyBlocks } from '../../bot/slack/blocks/plan.js';
import { loadFleetConfig } from '../../tools/config/load-fleet.js';
import { planReport } from '../slack/fixtures.js';

const { fleet } = loadFleetConfig();
const state = loadsFromRouting(fleet, 100_000, { 'us-east-1': 0.97, 'us-west-2': 0.97, 'ap-south-1': 0.97 });
const models: Record<string, UnitModel> = Object.fromEntries(
  fleet.workUnits.map((u) => [
    u.id,
    {
      bindingResource: 'cpu' as const,
      intercept: 0.1,
      slope: 0.85 / (state.safeCapacity[u.id]! / 0.8),
      kept: 1,
      response: {
        latencyBaseMs: 120,
        latencyQueueGain: 0.15,
        latencySpread: 0.02,
        errorBase: 0.002,
        errorSpread: 0.001,
      },
    },
  ]),
);
const plan = planWithReplay({
  fleet,
  drain: ['eu-west-1'],
  ...state,
  excluded: { 'sa-east-1': 'verdict unknown', 'ap-northeast-1': 'verdict unknown' },
  lastResort: { 'eu-central-1': 'active capacity loss: about 40 % of capacity lost' },
  models,
});

describe('plan output with its replay', () => {
  it('JSON: every target carries its replayed outcome; the degraded one its last-resort reason', () => {
    const json = planJson(plan);
    expect(json.targets.length).toBeGreaterThan(0);
    for (const t of json.targets) {
      expect(t.replayed).toMatchObject({ distress: false, modelled: true, bindingResource: 'cpu' });
      expect(t.replayed!.p95Ms).toBeGreaterThan(120);
    }
    const central = json.targets.find((t) => t.workUnit === 'eu-central-1')!;
    expect(central.lastResort).toMatch(/^last resort: active capacity loss/);
    expect(json.replay).toMatchObject({ distressed: [], rounds: 0 });
  });

  it('text: a replay line under each target and LAST RESORT under the degraded one', () => {
    const text = planText(plan).join('\n');
    expect(text).toMatch(
      /eu-central-1[^\n]*\n\s+replayed at the forecast peak with the herd spike: cpu \d+ %, p95 \d+ ms, errors [\d.]+ % — no distress\n\s+LAST RESORT — last resort: active capacity loss/,
    );
  });

  it('Slack: the replayed peak and the last resort in the plan section; older stored plans without them still render', () => {
    const json = planJson(plan);
    const blocks = planBodyBlocks({ ...planReport, plan: json });
    const text = JSON.stringify(blocks);
    expect(text).toMatch(/replayed peak: cpu \d+ % · p95 \d+ ms · errors [\d.]+ % · replay: no distress/);
    expect(text).toMatch(/_last resort_ — last resort: active capacity loss/);
    const { replay: _r, ...old } = planReport.plan;
    const oldTargets = old.targets.map(({ replayed: _x, lastResort: _y, ...t }) => t);
    const legacy = planBodyBlocks({ ...planReport, plan: { ...old, targets: oldTargets } as typeof planReport.plan });
    expect(JSON.stringify(legacy)).not.toMatch(/replay/);
  });
});
