import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capacityMessage } from '../../bot/slack/blocks/capacity.js';
import { fleetMessage } from '../../bot/slack/blocks/fleet.js';
import { helpMessage } from '../../bot/slack/blocks/help.js';
import { capLines, fitBlocks, joinWithin, LIMITS } from '../../bot/slack/blocks/limits.js';
import { overrideModal } from '../../bot/slack/blocks/override-modal.js';
import { failoverPlanMessage } from '../../bot/slack/blocks/plan.js';
import { recommendationMessage } from '../../bot/slack/blocks/recommendation.js';
import { weeklyReportMessage } from '../../bot/slack/blocks/report.js';
import { snoozeModal } from '../../bot/slack/blocks/snooze-modal.js';
import { whatifMessage } from '../../bot/slack/blocks/whatif.js';
import type { KnownBlock } from '../../bot/slack/slack-types.js';
import {
  decisions,
  fleetStatus,
  openRecommendation,
  outlooks,
  planReport,
  resolvedRecommendation,
  weeklyReport,
  whatIfReport,
} from './fixtures.js';

const GOLDEN = new URL('./golden/', import.meta.url);

/** Compares with test/slack/golden/<name>.json; UPDATE_GOLDEN=1 rewrites the files. */
function golden(name: string, value: unknown) {
  const file = new URL(`${name}.json`, GOLDEN);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const views: Record<string, () => unknown> = {
  fleet: () => fleetMessage(fleetStatus, [openRecommendation], { decisions: 3, followed: 1, rate: 1 / 3 }),
  'plan-with-buttons': () => failoverPlanMessage(planReport, { recommendationId: 7, revision: 2 }),
  'plan-no-recommendation': () => failoverPlanMessage(planReport),
  'recommendation-open': () => recommendationMessage(openRecommendation, decisions),
  'recommendation-open-with-links': () =>
    recommendationMessage(openRecommendation, [], {
      dashboard: 'https://grafana.example.com/d/eu',
      'status page': 'https://status.example.com',
    }),
  'recommendation-resolved': () => recommendationMessage(resolvedRecommendation, decisions),
  capacity: () =>
    capacityMessage({
      atMs: Date.parse('2026-03-03T21:10:00Z'),
      days: 30,
      forecaster: 'seasonal-profile-4w',
      units: outlooks,
      routingCostPerHour: 41.2,
    }),
  whatif: () => whatifMessage(whatIfReport, 'whatif shed eu-west-1 at next-peak'),
  'override-modal': () =>
    overrideModal({ ref: { id: 7, rev: 2 }, workUnit: 'eu-west-1', candidates: ['eu-central-1', 'us-east-1'] }),
  'snooze-modal': () => snoozeModal({ workUnit: 'eu-west-1', recommendationId: 7 }),
  'weekly-report': () => weeklyReportMessage(weeklyReport),
  'help-failover': () => helpMessage('failover'),
  'help-capacity': () => helpMessage('capacity'),
};

describe('Block Kit views (golden JSON)', () => {
  for (const [name, build] of Object.entries(views)) {
    it(name, () => golden(name, build()));
  }

  it('the recommendation message shows who decided what, escaped', () => {
    const text = JSON.stringify(recommendationMessage(openRecommendation, decisions).blocks);
    expect(text).toContain('<@UOPER001> is following the recommendation');
    expect(text).toContain('<@UADMIN01> overrode it: moving to us-east-1 70 %, eu-central-1 30 %');
    expect(text).toContain('&lt;eu-central-1&gt;');
  });
});

describe('Block Kit limits', () => {
  const section = (i: number): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } });
  const actions: KnownBlock = { type: 'actions', elements: [] };

  it('caps a message at 50 blocks with "… and N more", keeping the buttons last', () => {
    const out = fitBlocks([...Array.from({ length: 80 }, (_, i) => section(i)), actions]);
    expect(out).toHaveLength(LIMITS.blocksPerMessage);
    expect(out.at(-1)).toBe(actions);
    expect(JSON.stringify(out.at(-2))).toContain('… and 32 more');
  });

  it('keeps the total text within budget', () => {
    const big = (i: number): KnownBlock => ({
      type: 'section',
      text: { type: 'mrkdwn', text: `${i} ${'x'.repeat(2900)}` },
    });
    const out = fitBlocks(Array.from({ length: 10 }, (_, i) => big(i)));
    expect(JSON.stringify(out).length).toBeLessThan(13_000);
    expect(JSON.stringify(out.at(-1))).toMatch(/… and \d+ more/);
  });

  it('section text and lists are cut with a count', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `• unit-${i} is fine and has plenty of headroom`);
    const text = joinWithin(lines);
    expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(text).toMatch(/… and \d+ more$/);
    expect(capLines(['a', 'b', 'c', 'd'], 3)).toEqual(['a', 'b', '… and 2 more']);
  });

  it('a fleet of 120 units still fits one message', () => {
    const many = {
      ...fleetStatus,
      workUnits: Array.from({ length: 120 }, (_, i) => ({ ...fleetStatus.workUnits[0]!, id: `wu-${i}` })),
    };
    const msg = fleetMessage(many, [], { decisions: 0, followed: 0, rate: null });
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    for (const b of msg.blocks)
      if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(msg.blocks)).toMatch(/… and \d+ more/);
  });
});
