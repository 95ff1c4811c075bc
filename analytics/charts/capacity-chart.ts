// Vega-Lite spec of a capacity chart: observed load, forecast line with its interval band, the
// safe-capacity rule and a marker where the forecast P90 peak first crosses it. Pure JSON.

export interface CapacityChartInput {
  title: string;
  observed: { t: string | number; v: number }[];
  forecast: { t: string | number; yhat: number; lo: number; hi: number }[];
  safeCapacity: number;
  /** YYYY-MM-DD (or ISO timestamp) of the crossing, or null. */
  crossesAt: string | null;
  yLabel?: string;
}

const iso = (t: string | number) => (typeof t === 'number' ? new Date(t).toISOString() : t);

export function capacityChartSpec(input: CapacityChartInput): Record<string, unknown> {
  const { title, safeCapacity, crossesAt } = input;
  const observed = input.observed.map((p) => ({ t: iso(p.t), v: p.v, series: 'observed' }));
  const forecast = input.forecast.map((p) => ({ t: iso(p.t), yhat: p.yhat, lo: p.lo, hi: p.hi, series: 'forecast' }));
  const x = { field: 't', type: 'temporal', title: 'time (UTC)' };
  const yTitle = input.yLabel ?? 'load (rps)';
  const colour = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: {
      domain: ['observed', 'forecast', 'P10–P90', 'safe capacity'],
      range: ['#4c78a8', '#f58518', '#fdd0a2', '#d62728'],
    },
    legend: { orient: 'bottom-right' },
  };
  const layers: Record<string, unknown>[] = [
    {
      data: { values: forecast.map((p) => ({ ...p, series: 'P10–P90' })) },
      mark: { type: 'area', opacity: 0.5 },
      encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' }, color: colour },
    },
    {
      data: { values: observed },
      mark: { type: 'line', strokeWidth: 1 },
      encoding: { x, y: { field: 'v', type: 'quantitative', title: yTitle }, color: colour },
    },
    {
      data: { values: forecast },
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: { x, y: { field: 'yhat', type: 'quantitative', title: yTitle }, color: colour },
    },
    {
      data: { values: [{ v: safeCapacity, series: 'safe capacity' }] },
      mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2 },
      encoding: { y: { field: 'v', type: 'quantitative' }, color: colour },
    },
  ];
  if (crossesAt) {
    const label = `P90 peak crosses safe capacity ${crossesAt.slice(0, 10)}`;
    const at = [{ t: crossesAt.length === 10 ? `${crossesAt}T12:00:00Z` : crossesAt, v: safeCapacity, label }];
    layers.push(
      {
        data: { values: at },
        mark: { type: 'point', shape: 'diamond', size: 160, filled: true, color: '#d62728' },
        encoding: { x, y: { field: 'v', type: 'quantitative' } },
      },
      {
        data: { values: at },
        mark: { type: 'text', align: 'right', dx: -10, dy: -12, fontSize: 12, color: '#d62728' },
        encoding: { x, y: { field: 'v', type: 'quantitative' }, text: { field: 'label' } },
      },
    );
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, fontSize: 16 },
    width: 800,
    height: 360,
    background: 'white',
    config: { axis: { labelFontSize: 11, titleFontSize: 13 }, legend: { labelFontSize: 12 } },
    layer: layers,
  };
}
