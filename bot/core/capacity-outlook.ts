import { routingCostPerHour } from '../../analytics/cost.js';
import { HeadroomError } from '../../analytics/errors.js';
import { type DailyPeak, dailyPeaks, type UnitOutlook, unitOutlook } from '../../analytics/report.js';
import { valueAt } from '../../analytics/series.js';
import type { Series, WorkUnit } from '../../analytics/types.js';
import { capacityForecast } from './capacity-forecast.js';
import type { Core } from './core.js';
import { evaluateFleet } from './evaluate.js';
import { loadOutlook } from './planning-input.js';

const HOUR_MS = 3_600_000;
const OBSERVED_DAYS = 28;

/** Daily peaks of the last four weeks of hourly history, for the chart. */
function observedPeaks(hourly: Series, atMs: number) {
  const fromMs = Math.floor((atMs - OBSERVED_DAYS * 24 * HOUR_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS;
  const values: number[] = [];
  for (let t = fromMs; t < atMs; t += HOUR_MS) values.push(valueAt(hourly, t));
  return dailyPeaks(values, fromMs);
}

export interface CapacityOutlook {
  atMs: number;
  days: number;
  forecaster: string;
  units: UnitOutlook[];
  routingCostPerHour: number;
}

/** "eu-west-1" (a unit), "aws/eu-west-1" or "eu-west-1" as a cloud region, or a prefix such as "eu". */
export function selectUnits(units: readonly WorkUnit[], scope?: string): WorkUnit[] {
  if (!scope) return [...units];
  const exact = units.filter((u) => u.id === scope || u.cloudRegion === scope || u.cloudRegion.endsWith(`/${scope}`));
  if (exact.length > 0) return exact;
  const prefixed = units.filter((u) => u.id.startsWith(`${scope}-`));
  if (prefixed.length > 0) return prefixed;
  throw new HeadroomError(
    'UNKNOWN_WORK_UNIT',
    `"${scope}" is neither a work unit nor a region; work units: ${units.map((u) => u.id).join(', ')}`,
    { scope },
  );
}

/** Headroom now and the daily forecast peaks of the next `days`, per unit, with the routing cost now. */
export async function capacityOutlook(
  core: Core,
  atMs: number,
  days: number,
  scope?: string,
): Promise<CapacityOutlook> {
  const chosen = new Set(selectUnits(core.fleet.workUnits, scope).map((u) => u.id));
  const status = await evaluateFleet(core, atMs);
  const { history } = await core.learnedAt(atMs);
  const startMs = Math.ceil(atMs / HOUR_MS) * HOUR_MS;
  const units: UnitOutlook[] = [];
  let model = core.deps.forecaster.name;
  for (const u of status.workUnits.filter((x) => chosen.has(x.id))) {
    const hourly = history.hourlyLoad.get(u.id);
    // Fitting is CPU work: let sockets (Socket Mode pings, acks) breathe between units.
    await new Promise((resolve) => setImmediate(resolve));
    const fitted = await fittedPeaks(core, u.id, atMs, days);
    if (fitted) model = fitted.model;
    const forecast = !fitted && hourly ? core.deps.forecaster.forecastHourly(hourly, atMs, days * 24) : [];
    units.push(
      unitOutlook({
        id: u.id,
        state: u.state,
        load: u.load,
        // The crossing date and the chart are the capacity forecast's (learned capacity, the same
        // figure as its view); headroom now is the status's (capacity now).
        safeCapacity: fitted ? fitted.view.safeCapacity : u.baseline.safeCapacity,
        safeCapacityNow: u.safeCapacity,
        peaks: fitted ? fitted.peaks : dailyPeaks(forecast, startMs),
        observed: hourly ? observedPeaks(hourly, atMs) : [],
        ...(fitted ? { forecast: fitted.view } : {}),
      }),
    );
  }
  const now = await loadOutlook(core, status, atMs, 1);
  return {
    atMs,
    days,
    forecaster: model,
    units,
    routingCostPerHour: routingCostPerHour(core.fleet, now.regionLoadAt(atMs)),
  };
}

/**
 * The P90 daily peaks of the fitted capacity forecast (the figure capacity planning reads; the same
 * one `headroom capacity` reports), or null when no model fits the unit's history.
 */
async function fittedPeaks(core: Core, workUnit: string, atMs: number, days: number) {
  try {
    const f = await capacityForecast(core, workUnit, atMs, days);
    const peaks: DailyPeak[] = f.view.days.map((d) => ({ dayMs: d.dayMs, atMs: d.dayMs, load: d.p90 }));
    return { model: `${f.forecast.model} (P90 daily peak)`, peaks, view: f.view };
  } catch {
    return null;
  }
}
