// What every capacity chart shares: size (legible at the size Slack shows an image inline), colours,
// date ticks that say the year when the range spans two, and a caption under the plot.

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const CHART_SIZE = { width: 620, height: 260, fleetWidth: 540 } as const;

export const CHART_COLOURS = {
  observed: '#1f5f9e',
  forecast: '#e8590c',
  band: '#fdc898',
  safe: '#c92a2a',
  now: '#495057',
  units: ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'],
} as const;

/** "Sat 05 Dec" (UTC); with the year when `withYear`. */
export function dayLabel(ms: number, withYear = false): string {
  const d = new Date(ms);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${dd} ${MONTHS[d.getUTCMonth()]}${withYear ? ` ${d.getUTCFullYear()}` : ''}`;
}

/** 20137.4 → "20,137". */
export function numberLabel(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

/**
 * One tick format for the whole axis: "05 Dec", with the year on a second line when the range spans
 * a new year; weekly ticks up to ten weeks and fortnightly beyond.
 */
export function axisTime(firstMs: number, lastMs: number): Record<string, unknown> {
  const crossesYear = new Date(firstMs).getUTCFullYear() !== new Date(lastMs).getUTCFullYear();
  const days = (lastMs - firstMs) / DAY_MS;
  return {
    format: '%d %b',
    ...(crossesYear ? { labelExpr: "[utcFormat(datum.value, '%d %b'), utcFormat(datum.value, '%Y')]" } : {}),
    tickCount: { interval: 'week', step: days > 70 ? 2 : 1 },
    labelAngle: 0,
    labelOverlap: true,
    grid: true,
  };
}

export function topLevel(
  title: string,
  caption: string | string[],
  layers: Record<string, unknown>[],
  width: number = CHART_SIZE.width,
  rightPadding = 24,
): Record<string, unknown> {
  const captionLayer = {
    data: { values: [{ caption }] },
    mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 11, color: '#495057' },
    encoding: { text: { field: 'caption' }, x: { value: 0 }, y: { value: CHART_SIZE.height + 46 } },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, fontSize: 15, anchor: 'start', frame: 'group', offset: 10 },
    width,
    height: CHART_SIZE.height,
    background: 'white',
    // Fixed padding instead of fitting to estimated text widths: the image is the same size every time.
    autosize: { type: 'none' },
    padding: { left: 96, right: rightPadding, top: 78, bottom: 72 },
    config: {
      font: 'DejaVu Sans',
      axis: { labelFontSize: 12, titleFontSize: 12, gridColor: '#e9ecef' },
      legend: { labelFontSize: 12 },
      view: { stroke: null },
    },
    layer: [...layers, captionLayer],
  };
}
