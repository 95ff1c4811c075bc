import sharp from 'sharp';
import type { UnitOutlook } from '../../../analytics/report.js';

/** Turns a capacity outlook into a PNG. The Slack layer only ever uploads the buffer it returns. */
export type CapacityChartRenderer = (units: UnitOutlook[], title: string) => Promise<Buffer>;

const W = 900;
const H = 420;
const M = { left: 60, right: 150, top: 40, bottom: 40 };
const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/**
 * A small line chart: each unit's forecast daily peak as a share of its safe capacity, with the
 * 100 % line where the peak crosses it. Drawn as SVG and rasterised with sharp.
 */
export function capacityChartSvg(units: UnitOutlook[], title: string): string {
  const days = units.flatMap((u) => u.peaks.map((p) => p.dayMs));
  const x0 = Math.min(...days);
  const x1 = Math.max(...days, x0 + 1);
  const ratios = units.flatMap((u) => u.peaks.map((p) => p.load / u.safeCapacity)).filter(Number.isFinite);
  const yMax = Math.max(1.2, ...ratios) * 1.05;
  const px = (ms: number) => M.left + ((ms - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (r: number) => H - M.bottom - (r / yMax) * (H - M.top - M.bottom);
  const parts: string[] = [
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="24" font-family="DejaVu Sans" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let r = 0; r <= yMax; r += 0.2) {
    const y = py(r).toFixed(1);
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${M.left - 6}" y="${y}" font-family="DejaVu Sans" font-size="11" text-anchor="end" dominant-baseline="middle">${Math.round(r * 100)} %</text>`,
    );
  }
  const safe = py(1).toFixed(1);
  parts.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${safe}" y2="${safe}" stroke="#c00" stroke-dasharray="6 4" stroke-width="1.5"/>`,
    `<text x="${M.left + 6}" y="${Number(safe) - 6}" font-family="DejaVu Sans" font-size="11" fill="#c00">safe capacity</text>`,
  );
  for (const ms of [x0, (x0 + x1) / 2, x1]) {
    parts.push(
      `<text x="${px(ms).toFixed(1)}" y="${H - M.bottom + 18}" font-family="DejaVu Sans" font-size="11" text-anchor="middle">${new Date(ms).toISOString().slice(0, 10)}</text>`,
    );
  }
  units.forEach((u, i) => {
    const color = COLORS[i % COLORS.length]!;
    const pts = u.peaks
      .filter((p) => Number.isFinite(p.load / u.safeCapacity))
      .map((p) => `${px(p.dayMs).toFixed(1)},${py(p.load / u.safeCapacity).toFixed(1)}`);
    if (pts.length > 1)
      parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    const ly = M.top + 10 + i * 18;
    parts.push(
      `<line x1="${W - M.right + 12}" x2="${W - M.right + 32}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${W - M.right + 36}" y="${ly}" font-family="DejaVu Sans" font-size="11" dominant-baseline="middle">${escapeXml(u.id)}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${parts.join('')}</svg>`;
}

export const renderCapacityChart: CapacityChartRenderer = async (units, title) =>
  sharp(Buffer.from(capacityChartSvg(units, title)), { density: 144 })
    .png()
    .toBuffer();

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
