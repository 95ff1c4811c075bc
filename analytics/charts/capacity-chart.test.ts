import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { fleetCapacityChartSpec, unitCapacityChartSpec } from './capacity-chart.js';
import { axisTime } from './chart-style.js';
import { NOW, sampleView } from './sample-view.js';

const DAY = 86_400_000;

interface Encoding {
  field?: string;
  legend?: { symbolType?: string };
}
type Layer = {
  mark?: { type: string };
  layer?: Layer[];
  data?: { values: Record<string, unknown>[] };
  encoding?: Record<string, Encoding & Record<string, unknown>>;
};
const marksOf = (l: Layer): string[] => (l.layer ? l.layer.flatMap(marksOf) : [l.mark?.type ?? '?']);

describe('unit capacity chart spec', () => {
  const view = sampleView();
  const spec = unitCapacityChartSpec(view, { title: 'eu-central-1: daily peak load vs safe capacity, next 60 days' });
  const layers = spec.layer as Layer[];
  const text = JSON.stringify(spec);

  it('compiles with Vega-Lite', () => {
    expect(() => compile(spec as unknown as TopLevelSpec)).not.toThrow();
  });

  it('draws the band first and the P50 line over it, then safe capacity, now, today and the crossing', () => {
    expect(layers.map((l) => marksOf(l).join('+'))).toEqual([
      'area',
      'line',
      'line',
      'rule+text',
      'rule+text',
      'point+text',
      'point+text',
      'text',
    ]);
    expect(layers[2]?.encoding?.y?.field).toBe('p50');
    expect(layers[0]?.encoding?.y?.field).toBe('p10');
    expect(layers[0]?.encoding?.y2?.field).toBe('p90');
  });

  it('joins history and forecast: the forecast starts at the last observed day', () => {
    const observed = layers[1]?.data?.values ?? [];
    const forecast = layers[2]?.data?.values ?? [];
    expect(forecast[0]).toMatchObject({ t: observed.at(-1)?.t, p50: observed.at(-1)?.v, p90: observed.at(-1)?.v });
  });

  it("leaves today's partial day out of the observed line and marks it apart", () => {
    const observed = layers[1]?.data?.values ?? [];
    expect(observed.some((p) => String(p.t).startsWith('2026-12-03'))).toBe(false);
    const today = layers[5]!;
    expect(today.layer?.[0]?.mark).toMatchObject({ type: 'point', filled: false });
    expect(today.data?.values[0]).toMatchObject({ label: 'today so far', t: '2026-12-03T12:00:00.000Z' });
  });

  it('puts a "now" rule at the time of the forecast', () => {
    expect(layers[4]?.data?.values[0]).toEqual({ t: new Date(NOW).toISOString(), label: 'now' });
    expect(layers[4]?.encoding?.x?.field).toBe('t');
  });

  it('labels the safe-capacity line with its value and annotates the crossing', () => {
    expect(layers[3]?.data?.values[0]).toEqual({ v: 17_500, label: 'safe capacity 17,500 rps' });
    expect(view.crossing).not.toBeNull();
    const crossing = layers[6]?.data?.values[0];
    expect(crossing?.label).toMatch(/^P90 crosses (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d (Dec|Jan|Feb)$/);
    expect(crossing?.v).toBe(17_500);
  });

  it('has legend symbols that match the marks: strokes for lines, a square for the band', () => {
    expect(layers[0]?.encoding?.fill?.legend?.symbolType).toBe('square');
    expect(layers[1]?.encoding?.stroke?.legend?.symbolType).toBe('stroke');
    expect(layers[2]?.encoding?.stroke?.legend?.symbolType).toBe('stroke');
    expect(text).not.toContain('"color":{"field"'); // no shared colour legend of dots
  });

  it('keeps the model out of the title and says it in the caption', () => {
    expect((spec.title as { text: string }).text).not.toContain('mstl');
    const caption = (layers.at(-1)?.data?.values[0]?.caption as string[]).join(' ');
    expect(caption).toContain('Model: mstl (lowest backtest sMAPE 4.1 % of 6 models)');
    expect(caption).toContain('P10–P90 held 79 %');
  });

  it('draws no crossing when the P90 peak stays below safe capacity', () => {
    const calm = unitCapacityChartSpec(sampleView(60, 1e6), { title: 't' });
    // The today-so-far mark stays; no diamond and no label.
    expect((calm.layer as Layer[]).filter((l) => marksOf(l).join('+') === 'point+text')).toHaveLength(1);
    expect(JSON.stringify(calm)).not.toContain('P90 crosses');
  });
});

describe('date ticks', () => {
  it('add the year on a second line only when the range spans a new year', () => {
    const spanning = axisTime(Date.UTC(2026, 10, 5), Date.UTC(2027, 1, 1));
    expect(spanning.format).toBe('%d %b');
    expect(spanning.labelExpr).toContain("'%Y'");
    const within = axisTime(Date.UTC(2026, 2, 1), Date.UTC(2026, 4, 1));
    expect(within.labelExpr).toBeUndefined();
    expect(within.tickCount).toEqual({ interval: 'week', step: 1 });
    expect(axisTime(Date.UTC(2026, 0, 1), Date.UTC(2026, 4, 1)).tickCount).toEqual({ interval: 'week', step: 2 });
  });
});

describe('fleet capacity chart spec', () => {
  it('plots each unit as a share of its safe capacity with a labelled 100 % rule and crossing marks', () => {
    const day = Date.UTC(2026, 11, 4);
    const spec = fleetCapacityChartSpec(
      [
        {
          id: 'a',
          safeCapacity: 100,
          peaks: [
            { dayMs: day, load: 50 },
            { dayMs: day + DAY, load: 120 },
          ],
          crossingAtMs: day + DAY,
        },
        { id: 'b', safeCapacity: 200, peaks: [{ dayMs: day, load: 100 }], crossingAtMs: null },
      ],
      'Forecast daily peak vs safe capacity',
      NOW,
    );
    expect(() => compile(spec as unknown as TopLevelSpec)).not.toThrow();
    const layers = spec.layer as Layer[];
    expect(layers[0]?.data?.values.map((r) => r.share)).toEqual([0.5, 1.2, 0.5]);
    expect(layers[0]?.encoding?.stroke?.legend?.symbolType).toBe('stroke');
    expect(JSON.stringify(spec)).toContain('safe capacity (100 %)');
    expect(layers[3]?.data?.values).toEqual([{ t: '2026-12-05T12:00:00.000Z', share: 1, unit: 'a' }]);
  });
});
