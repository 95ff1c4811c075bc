// Vega-Lite specs of the capacity charts (pure JSON; tools/charts/render.ts draws them). One unit:
// observed daily peaks joined to the forecast P50 over its P10–P90 band, a "now" rule, today's
// partial peak marked, the safe-capacity line with its value, the crossing annotated. Several units:
// each one's P90 daily peak as a share of its safe capacity. Sized for Slack's inline preview.
import type { CapacityView } from '../forecast/capacity-view.js';
import { axisTime, CHART_COLOURS, CHART_SIZE, dayLabel, numberLabel, topLevel } from './chart-style.js';

const HOUR_MS = 3_600_000;
const MIDDAY = 12 * HOUR_MS;

export interface UnitChartOptions {
  title: string;
  /** e.g. "rps". */
  unit?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function unitCapacityChartSpec(view: CapacityView, opts: UnitChartOptions): Record<string, unknown> {
  const unit = opts.unit ?? 'rps';
  const safe = view.safeCapacity;
  const observed = view.observed.map((d) => ({ t: iso(d.dayMs + MIDDAY), v: d.load }));
  // The forecast starts where history ends, so line and band are one continuous picture.
  const joint = view.observed.at(-1);
  const forecast = [
    ...(joint ? [{ t: iso(joint.dayMs + MIDDAY), p10: joint.load, p50: joint.load, p90: joint.load }] : []),
    ...view.days.map((d) => ({ t: iso(d.dayMs + MIDDAY), p10: d.p10, p50: d.p50, p90: d.p90 })),
  ];
  const firstMs = view.observed[0]?.dayMs ?? view.days[0]?.dayMs ?? view.atMs;
  const lastMs = (view.days.at(-1)?.dayMs ?? view.atMs) + MIDDAY;
  const x = { field: 't', type: 'temporal', title: null, scale: { type: 'utc' }, axis: axisTime(firstMs, lastMs) };
  const y = (field: string) => ({ field, type: 'quantitative', title: `daily peak (${unit})` });
  const lineLegend = {
    title: null,
    symbolType: 'stroke',
    symbolStrokeWidth: 3,
    orient: 'top',
    direction: 'horizontal',
    labelLimit: 220,
  };
  const stroke = (name: string) => ({
    datum: name,
    scale: {
      domain: ['observed daily peak', 'forecast P50'],
      range: [CHART_COLOURS.observed, CHART_COLOURS.forecast],
    },
    legend: lineLegend,
  });
  const layers: Record<string, unknown>[] = [
    {
      data: { values: forecast },
      mark: { type: 'area', opacity: 0.55, interpolate: 'monotone' },
      encoding: {
        x,
        y: y('p10'),
        y2: { field: 'p90' },
        fill: {
          datum: 'P10–P90 forecast',
          scale: { domain: ['P10–P90 forecast'], range: [CHART_COLOURS.band] },
          legend: { title: null, symbolType: 'square', orient: 'top', labelLimit: 220 },
        },
      },
    },
    {
      data: { values: observed },
      mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone' },
      encoding: { x, y: y('v'), stroke: stroke('observed daily peak') },
    },
    {
      data: { values: forecast },
      mark: { type: 'line', strokeWidth: 2.5, interpolate: 'monotone' },
      encoding: { x, y: y('p50'), stroke: stroke('forecast P50') },
    },
    {
      data: { values: [{ v: safe, label: `safe capacity ${numberLabel(safe)} ${unit}` }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2, color: CHART_COLOURS.safe } },
        {
          mark: {
            type: 'text',
            align: 'left',
            baseline: 'bottom',
            dx: 4,
            dy: -3,
            x: 0,
            fontSize: 12,
            fontWeight: 'bold',
          },
          encoding: { text: { field: 'label' }, color: { value: CHART_COLOURS.safe } },
        },
      ],
      encoding: { y: { field: 'v', type: 'quantitative' } },
    },
    {
      data: { values: [{ t: iso(view.atMs), label: 'now' }] },
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.5, color: CHART_COLOURS.now } },
        {
          mark: { type: 'text', y: 0, dy: -4, baseline: 'bottom', fontSize: 11, color: CHART_COLOURS.now },
          encoding: { text: { field: 'label' } },
        },
      ],
      encoding: { x },
    },
  ];
  if (view.todaySoFar) {
    const p = view.todaySoFar;
    layers.push({
      data: { values: [{ t: iso(p.dayMs + MIDDAY), v: p.load, label: 'today so far' }] },
      layer: [
        {
          mark: {
            type: 'point',
            shape: 'circle',
            size: 60,
            filled: false,
            strokeWidth: 2,
            color: CHART_COLOURS.observed,
          },
        },
        {
          mark: { type: 'text', dy: 14, fontSize: 10, color: CHART_COLOURS.observed },
          encoding: { text: { field: 'label' } },
        },
      ],
      encoding: { x, y: { field: 'v', type: 'quantitative' } },
    });
  }
  if (view.crossing) {
    const c = view.crossing;
    layers.push({
      data: { values: [{ t: iso(c.dayMs + MIDDAY), v: safe, label: `P90 crosses ${dayLabel(c.dayMs)}` }] },
      layer: [
        { mark: { type: 'point', shape: 'diamond', size: 140, filled: true, color: CHART_COLOURS.safe } },
        {
          mark: {
            type: 'text',
            align: 'left',
            dx: 8,
            dy: 14,
            fontSize: 12,
            fontWeight: 'bold',
            color: CHART_COLOURS.safe,
          },
          encoding: { text: { field: 'label' } },
        },
      ],
      encoding: { x, y: { field: 'v', type: 'quantitative' } },
    });
  }
  return topLevel(opts.title, captionOf(view), layers);
}

/** Two lines: the model and why; how well its band held in the backtest. */
function captionOf(view: CapacityView): string[] {
  const coverage = Number.isFinite(view.backtestCoverage)
    ? `P10–P90 held ${Math.round(view.backtestCoverage * 100)} % of held-out backtest hours. `
    : '';
  return [`Model: ${view.model} (${view.reason}).`, `${coverage}Times UTC.`];
}

export interface FleetChartUnit {
  id: string;
  safeCapacity: number;
  /** Forecast P90 daily peaks. */
  peaks: { dayMs: number; load: number }[];
  crossingAtMs: number | null;
}

/** Several units on one chart: each one's P90 daily peak as a share of its safe capacity. */
export function fleetCapacityChartSpec(units: FleetChartUnit[], title: string, nowMs: number): Record<string, unknown> {
  const rows = units.flatMap((u) =>
    u.peaks
      .filter((p) => Number.isFinite(p.load / u.safeCapacity))
      .map((p) => ({ t: iso(p.dayMs + MIDDAY), share: p.load / u.safeCapacity, unit: u.id })),
  );
  const crossings = units
    .filter((u) => u.crossingAtMs !== null)
    .map((u) => ({
      t: iso(Math.floor((u.crossingAtMs as number) / 86_400_000) * 86_400_000 + MIDDAY),
      share: 1,
      unit: u.id,
    }));
  const times = rows.map((r) => Date.parse(r.t));
  const firstMs = Math.min(nowMs, ...times);
  const lastMs = Math.max(nowMs, ...times);
  const x = { field: 't', type: 'temporal', title: null, scale: { type: 'utc' }, axis: axisTime(firstMs, lastMs) };
  const y = {
    field: 'share',
    type: 'quantitative',
    title: 'P90 daily peak / safe capacity',
    axis: { format: '.0%' },
  };
  const colour = {
    field: 'unit',
    type: 'nominal',
    title: null,
    scale: { range: CHART_COLOURS.units },
    legend: { symbolType: 'stroke', symbolStrokeWidth: 3, orient: 'right' },
  };
  const layers: Record<string, unknown>[] = [
    { data: { values: rows }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, stroke: colour } },
    {
      data: { values: [{ v: 1, label: 'safe capacity (100 %)' }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2, color: CHART_COLOURS.safe } },
        {
          mark: {
            type: 'text',
            align: 'right',
            baseline: 'bottom',
            dy: -3,
            x: 'width',
            fontSize: 12,
            fontWeight: 'bold',
          },
          encoding: { text: { field: 'label' }, color: { value: CHART_COLOURS.safe } },
        },
      ],
      encoding: { y: { field: 'v', type: 'quantitative' } },
    },
    {
      data: { values: [{ t: iso(nowMs), label: 'now' }] },
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.5, color: CHART_COLOURS.now } },
        {
          mark: { type: 'text', y: 0, dy: -4, baseline: 'bottom', fontSize: 11, color: CHART_COLOURS.now },
          encoding: { text: { field: 'label' } },
        },
      ],
      encoding: { x },
    },
  ];
  if (crossings.length > 0) {
    layers.push({
      data: { values: crossings },
      mark: { type: 'point', shape: 'diamond', size: 120, filled: true, color: CHART_COLOURS.safe },
      encoding: { x, y: { field: 'share', type: 'quantitative' } },
    });
  }
  const caption =
    crossings.length === 0
      ? 'No unit’s P90 daily peak crosses safe capacity in this window. Times UTC.'
      : `Diamonds: first day a unit’s P90 peak crosses safe capacity (${crossings.map((c) => c.unit).join(', ')}). Times UTC.`;
  return topLevel(title, caption, layers, CHART_SIZE.fleetWidth, 150);
}
