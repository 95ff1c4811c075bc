import { describe, expect, it } from 'vitest';
import { dailyPeaks, firstCrossing, riskRanking, unitOutlook, weeklyReportData } from './report.js';

const H = 3_600_000;
const start = Date.parse('2026-03-04T00:00:00Z');

describe('weekly report data', () => {
  it('daily peaks per UTC day, skipping gaps', () => {
    const hourly = Array.from({ length: 48 }, (_, h) => (h === 21 ? 100 : h === 45 ? 120 : h === 10 ? Number.NaN : 50));
    const peaks = dailyPeaks(hourly, start);
    expect(peaks).toEqual([
      { dayMs: start, atMs: start + 21 * H, load: 100 },
      { dayMs: start + 24 * H, atMs: start + 45 * H, load: 120 },
    ]);
    expect(firstCrossing(peaks, 110)?.load).toBe(120);
    expect(firstCrossing(peaks, 130)).toBeNull();
  });

  it('ranks crossing units first (soonest first), then by headroom at the peak', () => {
    const mk = (id: string, peakLoads: number[], safe: number) =>
      unitOutlook({
        id,
        state: 'active',
        load: 50,
        safeCapacity: safe,
        peaks: peakLoads.map((load, d) => ({ dayMs: start + d * 24 * H, atMs: start + d * 24 * H + 21 * H, load })),
      });
    const units = [
      mk('calm', [50, 60], 100),
      mk('late', [90, 110], 100),
      mk('soon', [120, 130], 100),
      mk('tight', [85, 88], 100),
    ];
    const risk = riskRanking(units, 0.2);
    expect(risk.map((r) => r.id)).toEqual(['soon', 'late', 'tight', 'calm']);
    expect(risk[2]!.reason).toContain('below the warning level');
    const report = weeklyReportData({
      atMs: start,
      horizonDays: 30,
      warningBelow: 0.2,
      units,
      routingCostPerHour: 10,
      agreement: { decisions: 2, followed: 1, rate: 0.5 },
      agreementThisWeek: { decisions: 0, followed: 0, rate: null },
      recommendationsThisWeek: 0,
    });
    expect(report.unitsCrossing).toBe(2);
    expect(report.unitsBelowWarningAtPeak).toBe(3);
    expect(report.routingCostPerWeek).toBe(1680);
  });
});
