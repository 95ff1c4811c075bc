// Vega-Lite spec → Vega → SVG (headless View, no canvas) → PNG with sharp at 144 dpi.
import sharp from 'sharp';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { HeadroomError } from '../../analytics/errors.js';

export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  let vgSpec: vega.Spec;
  try {
    vgSpec = compile(spec as unknown as TopLevelSpec).spec;
  } catch (err) {
    throw new HeadroomError('INPUT_INVALID', `chart spec does not compile: ${(err as Error).message}`);
  }
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderPng(spec: Record<string, unknown>): Promise<Buffer> {
  const svg = await renderSvg(spec);
  return sharp(Buffer.from(svg), { density: 144 }).png().toBuffer();
}
