// get_recommendations and get_decisions read the SQLite store through createToolDeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolDeps } from '../../bot/tools-deps.js';
import type { ToolDeps } from '../../tools/registry/index.js';
import { getDecisionsTool } from '../../tools/registry/tools/get-decisions.js';
import { getRecommendationsTool } from '../../tools/registry/tools/get-recommendations.js';
import { callOk, openToolFixture, type ToolFixture } from './helpers/tool-fixture.js';

const HOUR_MS = 3_600_000;
const NOW = Date.UTC(2026, 2, 10, 20, 0);

describe('store tools', () => {
  let fx: ToolFixture;
  let deps: ToolDeps;
  let euWest: number;
  let apSouth: number;

  beforeAll(async () => {
    fx = await openToolFixture({ at: '2026-03-10T20:00:00Z' });
    deps = createToolDeps({ core: fx.runtime.core, store: fx.store, now: () => NOW });
    const base = { verdict: 'failover' as const, confidence: 'high' as const, payload: { plan: {} } };
    euWest = fx.store.openRecommendation({
      workUnit: 'eu-west-1',
      atMs: NOW - 50 * HOUR_MS,
      summary: 'Fail over eu-west-1 to eu-central-1 60 %, us-east-1 40 %.',
      ...base,
    }).id;
    fx.store.closeRecommendation(euWest, { atMs: NOW - 48 * HOUR_MS, resolution: 'recovered' });
    apSouth = fx.store.openRecommendation({
      workUnit: 'ap-south-1',
      atMs: NOW - 2 * HOUR_MS,
      summary: 'Watch ap-south-1: connections down 40 %.',
      ...base,
      verdict: 'watch',
    }).id;
    const decision = { content: {}, kind: 'follow' as const, followedRecommendation: true };
    fx.store.recordDecision({ recommendationId: euWest, userId: 'U0OPS1', atMs: NOW - 49 * HOUR_MS, ...decision });
    fx.store.recordDecision({
      recommendationId: apSouth,
      userId: 'U0OPS2',
      atMs: NOW - HOUR_MS,
      kind: 'override',
      content: { split: { 'eu-central-1': 1 } },
      followedRecommendation: false,
    });
  }, 120_000);
  afterAll(() => fx?.close());

  it('get_recommendations lists newest first, filters by open and unit, times as ISO', async () => {
    const all = await callOk(deps, getRecommendationsTool, {});
    expect(all.recommendations.map((r) => r.id)).toEqual([apSouth, euWest]);
    expect(all.recommendations[1]).toMatchObject({
      workUnit: 'eu-west-1',
      verdict: 'failover',
      openedAt: '2026-03-08T18:00:00.000Z',
      closedAt: '2026-03-08T20:00:00.000Z',
      resolution: 'recovered',
    });
    const open = await callOk(deps, getRecommendationsTool, { open: true });
    expect(open.recommendations.map((r) => r.workUnit)).toEqual(['ap-south-1']);
    const none = await callOk(deps, getRecommendationsTool, { workUnit: 'us-east-1' });
    expect(none).toEqual({ recommendations: [], note: 'no recommendation matches' });
    const one = await callOk(deps, getRecommendationsTool, { limit: 1 });
    expect(one.recommendations).toHaveLength(1);
  });

  it('get_decisions lists decisions with the agreement rate over the same period', async () => {
    const all = await callOk(deps, getDecisionsTool, {});
    expect(all.decisions.map((d) => d.kind)).toEqual(['override', 'follow']);
    expect(all.decisions[0]).toMatchObject({ recommendationId: apSouth, content: { split: { 'eu-central-1': 1 } } });
    expect(all.agreement).toEqual({ decisions: 2, followed: 1, rate: 0.5 });
    const lastDay = await callOk(deps, getDecisionsTool, { sinceDays: 1 });
    expect(lastDay.decisions.map((d) => d.userId)).toEqual(['U0OPS2']);
    expect(lastDay.agreement).toEqual({ decisions: 1, followed: 0, rate: 0 });
    const forOne = await callOk(deps, getDecisionsTool, { recommendationId: euWest });
    expect(forOne.decisions.map((d) => d.followedRecommendation)).toEqual([true]);
    const none = await callOk(deps, getDecisionsTool, { recommendationId: 999 });
    expect(none.note).toBe('no decision matches');
  });
});
