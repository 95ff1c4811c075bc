import type { WorkUnitId } from '../../analytics/types.js';
import { type CapacityForecast, forecastCapacity } from '../../tools/forecast/capacity.js';
import type { Core, Learned } from '../core/core.js';

/** Where a forecast an answer shows came from: the learned set it rests on, its model and input. */
export interface ForecastProvenance {
  kind: string;
  model: string;
  inputRange: { startMs: number; endMs: number };
  computedAtMs: number;
  /** The fleet moment the forecast starts from (the learned set's as-of time). */
  asOfMs: number;
  /** 'store' when read back, 'computed' when fitted for this answer (and stored for the next). */
  source: 'store' | 'computed';
}

export function capacityKind(horizonDays: number): string {
  return `capacity-${horizonDays}d`;
}

/**
 * The one reader of stored forecasts: a unit's capacity forecast (daily P50/P90 peaks over the
 * horizon) from the learned set in use at atMs. Fitted once per set — from the set's as-of moment,
 * so every answer of the day (Slack, console, CLI, MCP, the weekly report) shows the same forecast —
 * and kept in the analytics store beside the set.
 */
export async function readCapacityForecast(
  core: Core,
  workUnit: WorkUnitId,
  atMs: number,
  horizonDays: number,
): Promise<{ forecast: CapacityForecast; provenance: ForecastProvenance; learned: Learned }> {
  core.unit(workUnit);
  const learned = await core.learnedAt(atMs);
  const kind = capacityKind(horizonDays);
  const asOfMs = learned.meta.asOfMs;
  const stored = core.storedForecast(learned, workUnit, kind);
  if (stored && isCapacityForecast(stored.value)) {
    const { model, inputRange, computedAtMs } = stored;
    return {
      forecast: stored.value,
      provenance: { kind, model, inputRange, computedAtMs, asOfMs, source: 'store' },
      learned,
    };
  }
  const hourly = learned.history.hourlyLoad.get(workUnit)!;
  const safeCapacity = learned.history.baselines.get(workUnit)!.safeCapacity;
  const forecast = await forecastCapacity({ hourlyLoad: hourly, safeCapacity, horizonDays, nowMs: asOfMs });
  const inputRange = {
    startMs: hourly.startMs,
    endMs: Math.min(asOfMs, hourly.startMs + (hourly.values.length - 1) * hourly.stepMs),
  };
  const computedAtMs = (core.deps.wallClock ?? Date.now)();
  core.keepForecast(learned, { workUnit, kind, model: forecast.model, inputRange, computedAtMs, value: forecast });
  return {
    forecast,
    provenance: { kind, model: forecast.model, inputRange, computedAtMs, asOfMs, source: 'computed' },
    learned,
  };
}

function isCapacityForecast(v: unknown): v is CapacityForecast {
  const f = v as CapacityForecast | null;
  return !!f && typeof f.model === 'string' && Array.isArray(f.dailyPeaks) && Array.isArray(f.points);
}
