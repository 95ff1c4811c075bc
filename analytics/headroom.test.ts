import { describe, expect, it } from 'vitest';
import { loadFleetConfig } from '../tools/config/load-fleet.js';
import { affinityRanking } from './affinity.js';
import { moveCostDelta, routingCostPerHour, servingCostPerHour } from './cost.js';
import { headroom, headroomLevel } from './headroom.js';

const { fleet } = loadFleetConfig();

describe('headroom', () => {
  it('is the free fraction of safe capacity', () => {
    expect(headroom(800, 1000)).toBeCloseTo(0.2);
    expect(headroom(1200, 1000)).toBeCloseTo(-0.2);
    expect(headroom(10, 0)).toBeNaN();
  });
  it('classifies against the warning threshold', () => {
    expect(headroomLevel(0.25, 0.2)).toBe('ok');
    expect(headroomLevel(0.1, 0.2)).toBe('warning');
    expect(headroomLevel(-0.01, 0.2)).toBe('over');
    expect(headroomLevel(Number.NaN, 0.2)).toBe('unknown');
  });
});

describe('affinity', () => {
  it('ranks work units by TTFB p95 for a client region', () => {
    const ranking = affinityRanking(fleet, 'eu-west');
    expect(ranking.map((r) => r.workUnit).slice(0, 2)).toEqual(['eu-west-1', 'eu-central-1']);
    expect(ranking).toHaveLength(7);
    expect(ranking.every((r, i) => i === 0 || r.p95 >= ranking[i - 1]!.p95)).toBe(true);
  });
  it('is empty for an unknown client region', () => {
    expect(affinityRanking(fleet, 'atlantis')).toEqual([]);
  });
});

describe('cost', () => {
  it('prices egress per hour from the table', () => {
    // 1000 rps × 3600 s × 180 kB = 648 GB/h at $0.05
    expect(servingCostPerHour(fleet, 'us-east-1', 'na-east', 1000)).toBeCloseTo(648 * 0.05);
    expect(routingCostPerHour(fleet, { 'na-east': { 'us-east-1': 1000, 'us-west-2': 1000 } })).toBeCloseTo(648 * 0.1);
  });
  it('gives the delta of a move', () => {
    const delta = moveCostDelta(fleet, [
      { clientRegion: 'south-america', from: 'us-east-1', to: 'sa-east-1', rps: 1000 },
    ]);
    expect(delta).toBeCloseTo(648 * (0.09 - 0.08));
  });
});
