// Input fields several tools share, described once for the model.
import { z } from 'zod';

export const workUnitField = () =>
  z.string().min(1).describe('Work unit id exactly as list_work_units gives it, e.g. "eu-west-1".');

export const optionalWorkUnitField = () =>
  z.string().min(1).optional().describe('Work unit id, e.g. "eu-west-1"; omit for the whole fleet.');

export const limitField = (max: number, fallback: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .describe(`How many rows at most, newest first (1–${max}, default ${fallback}).`);

/** Work unit id → share of the moved traffic (0..1, summing to 1). */
export const splitField = () =>
  z
    .record(z.string(), z.number().min(0).max(1))
    .describe(
      'Forced split of the moved traffic: work unit id → share as a fraction 0..1; shares sum to 1, e.g. {"eu-central-1": 0.7, "us-east-1": 0.3}.',
    );

/** What is wrong with a split of moved traffic, for the model to fix; undefined when it is usable. */
export function splitProblem(split: Record<string, number>, movedFrom: readonly string[]) {
  const total = Object.values(split).reduce((a, b) => a + b, 0);
  if (Object.keys(split).length === 0)
    return { message: 'split is empty', hint: 'Name at least one target, e.g. {"eu-central-1": 1}.' };
  if (Math.abs(total - 1) > 0.001) {
    return {
      message: `split shares sum to ${Math.round(total * 10_000) / 10_000}, not 1`,
      hint: 'Give each target a fraction 0..1 of the moved traffic so they add up to 1, e.g. 0.6 and 0.4.',
    };
  }
  const back = movedFrom.filter((id) => id in split);
  if (back.length > 0) {
    return {
      message: `split sends traffic back to ${back.join(', ')}, whose traffic is being moved`,
      hint: 'Name only other units in split.',
    };
  }
  return undefined;
}
