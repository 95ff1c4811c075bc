import type { UnitOutlook, WeeklyReport } from '../../analytics/report.js';
import { weeklyReportData } from '../../analytics/report.js';
import type { FleetStatus } from '../../bot/core/evaluate.js';
import type { WhatIfReport } from '../../bot/core/whatif.js';
import type { PlanReport } from '../../bot/slack/blocks/plan.js';
import type { DecisionRecord, RecommendationRecord } from '../../bot/store/index.js';

// Fixed domain values for the golden Block Kit views. Plain data, written by hand.

const T = Date.parse('2026-03-03T21:10:00Z');

export const planReport: PlanReport = {
  at: '2026-03-03T21:10:00.000Z',
  workUnit: 'eu-west-1',
  verdict: 'failover',
  confidence: 'high',
  signals: [
    { source: 'metrics', status: 'firing', detail: 'connections 58 % below the seasonal norm' },
    { source: 'anomaly-api', status: 'firing', detail: 'anomaly score 0.93' },
    { source: 'alertmanager', status: 'ok', detail: 'no alerts' },
  ],
  load: 10234.5,
  safeCapacity: 14000,
  headroom: 0.2689,
  planningHorizonHours: 6,
  plan: {
    feasible: true,
    drained: ['eu-west-1'],
    movedLoad: 11020,
    targets: [
      {
        workUnit: 'eu-central-1',
        share: 0.62,
        load: 6832.4,
        headroomAfter: 0.21,
        ttfbP95DeltaMs: 28.6,
        coldStart: false,
        lastResort: null,
        replayed: null,
      },
      {
        workUnit: 'us-east-1',
        share: 0.38,
        load: 4187.6,
        headroomAfter: 0.33,
        ttfbP95DeltaMs: 104.2,
        coldStart: false,
        lastResort: null,
        replayed: null,
      },
    ],
    costPerHourDelta: 3.17,
    stages: [
      { step: 1, atOffsetMinutes: 0, cumulativeFraction: 0.5, moves: [], description: 'now: half of the moved load' },
      { step: 2, atOffsetMinutes: 10, cumulativeFraction: 1, moves: [], description: '+10 min: the rest' },
    ],
    shedRequired: 0,
    notes: ['eu-central-1 warm; herd allowance 25 %'],
    replay: null,
  },
  rejected: [
    { workUnit: 'sa-east-1', reason: 'sa-east-1 not recommended: cold standby, herd would exceed its reserve' },
    { workUnit: 'ap-south-1', reason: 'ap-south-1 not recommended: TTFB p95 +180 ms for eu-west clients' },
  ],
  reasons: ['metrics and anomaly-api agree'],
};

export const openRecommendation: RecommendationRecord = {
  id: 7,
  workUnit: 'eu-west-1',
  episode: `eu-west-1-${T - 600_000}`,
  revision: 2,
  verdict: 'failover',
  confidence: 'high',
  summary: 'Fail over eu-west-1: metrics + anomaly-api agree. Move to eu-central-1 62 %, us-east-1 38 %.',
  payload: { material: '{}', report: planReport },
  openedAtMs: T - 600_000,
  updatedAtMs: T - 300_000,
  closedAtMs: null,
  resolution: null,
  messageRef: { channel: 'C0OPS', ts: '1700000000.000001' },
};

export const decisions: DecisionRecord[] = [
  {
    id: 1,
    recommendationId: 7,
    userId: 'UOPER001',
    atMs: T,
    kind: 'follow',
    content: {},
    followedRecommendation: true,
  },
  {
    id: 2,
    recommendationId: 7,
    userId: 'UADMIN01',
    atMs: T + 60_000,
    kind: 'override',
    content: {
      action: 'move',
      split: { 'us-east-1': 0.7, 'eu-central-1': 0.3 },
      reason: 'deploy freeze in <eu-central-1>',
    },
    followedRecommendation: false,
  },
];

export const resolvedRecommendation: RecommendationRecord = {
  ...openRecommendation,
  closedAtMs: T + 3_300_000,
  resolution: 'recovered',
};

function unit(
  id: string,
  verdict: 'healthy' | 'failover' | 'watch',
  load: number,
  safe: number,
): FleetStatus['workUnits'][number] {
  return {
    id,
    state: id === 'sa-east-1' ? 'cold-standby' : 'active',
    load,
    loadObservedAtMs: T,
    safeCapacity: safe,
    headroom: (safe - load) / safe,
    headroomLevel: (safe - load) / safe < 0.2 ? 'warning' : 'ok',
    bindingResource: 'cpu',
    baseline: {} as FleetStatus['workUnits'][number]['baseline'],
    capacity: { safeCapacity: safe, kept: 1 },
    verdict: { workUnit: id, verdict, confidence: 'high', signals: [], reasons: [] },
  };
}

export const fleetStatus: FleetStatus = {
  atMs: T,
  workUnits: [
    unit('us-east-1', 'healthy', 18000, 26000),
    unit('eu-west-1', 'failover', 10234, 14000),
    unit('eu-central-1', 'healthy', 9000, 10500),
    unit('sa-east-1', 'healthy', 0, 7200),
  ],
};

const DAY = 86_400_000;
function outlook(id: string, load: number, safe: number, growthPerDay: number): UnitOutlook {
  const peaks = Array.from({ length: 30 }, (_, d) => ({
    dayMs: Date.parse('2026-03-04T00:00:00Z') + d * DAY,
    atMs: Date.parse('2026-03-04T21:00:00Z') + d * DAY,
    load: load * 1.2 * (1 + growthPerDay) ** d,
  }));
  const top = peaks.reduce((a, b) => (b.load > a.load ? b : a));
  const crossing = peaks.find((p) => p.load > safe);
  return {
    id,
    state: 'active',
    load,
    safeCapacity: safe,
    headroomNow: (safe - load) / safe,
    peak: { atMs: top.atMs, load: top.load, headroom: (safe - top.load) / safe },
    crossingAtMs: crossing?.atMs ?? null,
    peaks,
  };
}

export const outlooks: UnitOutlook[] = [
  outlook('eu-central-1', 8000, 10500, 0.005),
  outlook('us-east-1', 15000, 26000, 0.001),
];

export const weeklyReport: WeeklyReport = weeklyReportData({
  atMs: Date.parse('2026-03-09T08:00:00Z'),
  horizonDays: 30,
  warningBelow: 0.2,
  units: outlooks,
  routingCostPerHour: 41.237,
  agreement: { decisions: 5, followed: 3, rate: 0.6 },
  agreementThisWeek: { decisions: 2, followed: 1, rate: 0.5 },
  recommendationsThisWeek: 3,
});

export const whatIfReport: WhatIfReport = {
  feasible: false,
  atMs: T,
  atTime: '2026-03-03T21:00:00.000Z',
  moment: 'the next daily peak',
  workUnits: [
    { id: 'eu-central-1', peakLoad: 11200, safeCapacity: 10500, headroomAtPeak: -0.0667 },
    { id: 'us-east-1', peakLoad: 19000, safeCapacity: 26000, headroomAtPeak: 0.2692 },
  ],
  violations: [
    { workUnit: 'eu-central-1', kind: 'over-safe-capacity', detail: 'eu-central-1 at 107 % of safe capacity' },
  ],
  plan: null,
};
