// Proactive capacity alerts in the recommendations channel. For each unit, the one capacity forecast
// (the one /capacity and the weekly report read) is checked against what the channel was last told,
// kept in the store; a decision to speak posts the date and figures with the chart in the thread.
import type { Logger } from 'pino';
import {
  type CapacityAlertOptions,
  decideCapacityAlert,
  type SaidCrossing,
  saidAfter,
} from '../../analytics/capacity-alert.js';
import { unitOutlook } from '../../analytics/report.js';
import type { WorkUnitId } from '../../analytics/types.js';
import { capacityForecast, type UnitCapacityForecast } from '../core/capacity-forecast.js';
import type { Core } from '../core/core.js';
import type { Store } from '../store/index.js';
import { capacityAlertMessage } from './blocks/capacity-alert.js';
import type { CapacityChartRenderer } from './charts/capacity-png.js';
import type { SlackOut } from './out.js';

const HOUR_MS = 3_600_000;
export const CAPACITY_ALERT_META = (unit: WorkUnitId) => `slack.capacityAlert.${unit}`;

export interface CapacityAlerterDeps {
  core: Core;
  store: Store;
  out: SlackOut;
  channel: string;
  renderChart: CapacityChartRenderer;
  log: Logger;
  /** The unit's capacity forecast (default: capacityForecast over the core). */
  forecast?: (unit: WorkUnitId, atMs: number, horizonDays: number) => Promise<UnitCapacityForecast>;
  options?: CapacityAlertOptions & { everyMs?: number };
}

export interface CapacityAlertPost {
  workUnit: WorkUnitId;
  kind: 'crossing' | 'earlier' | 'cleared';
  ts: string;
}

export class CapacityAlerter {
  private lastCheckMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: CapacityAlerterDeps) {}

  /** Checks when at least `everyMs` (default 1 h) of fleet time passed since the last check. */
  async maybeCheck(atMs: number): Promise<CapacityAlertPost[]> {
    if (atMs - this.lastCheckMs < (this.deps.options?.everyMs ?? HOUR_MS)) return [];
    return this.check(atMs);
  }

  /** Every unit once; a unit whose forecast fails is logged and skipped, the others still checked. */
  async check(atMs: number): Promise<CapacityAlertPost[]> {
    this.lastCheckMs = atMs;
    const { core, store, log } = this.deps;
    const horizonDays = this.deps.options?.horizonDays ?? 30;
    const forecast = this.deps.forecast ?? ((u, t, d) => capacityForecast(core, u, t, d));
    const posts: CapacityAlertPost[] = [];
    for (const unit of core.fleet.workUnits) {
      await new Promise((resolve) => setImmediate(resolve)); // fitting is CPU work: let sockets breathe
      let f: UnitCapacityForecast;
      try {
        f = await forecast(unit.id, atMs, horizonDays);
      } catch (err) {
        log.warn({ workUnit: unit.id, err: (err as Error).message }, 'capacity alert: no forecast for this unit');
        continue;
      }
      const key = CAPACITY_ALERT_META(unit.id);
      const said = parseSaid(store.getMeta(key));
      const decision = decideCapacityAlert(said, f.view, this.deps.options);
      if (!decision) continue;
      const message = capacityAlertMessage(unit.id, decision, f.view, horizonDays);
      const posted = await this.deps.out.postMessage(this.deps.channel, message);
      // Remembered as soon as it is posted: a chart that fails to upload must not repeat the alert.
      store.setMeta(key, JSON.stringify(saidAfter(decision, atMs)));
      posts.push({ workUnit: unit.id, kind: decision.kind, ts: posted.ts });
      await this.attachChart(f, unit.state, posted, horizonDays);
    }
    return posts;
  }

  private async attachChart(
    f: UnitCapacityForecast,
    state: string,
    posted: { channel: string; ts: string },
    horizonDays: number,
  ): Promise<void> {
    const outlook = unitOutlook({
      id: f.workUnit,
      state,
      load: f.view.todaySoFar?.load ?? Number.NaN,
      safeCapacity: f.view.safeCapacity,
      peaks: f.view.days.map((d) => ({ dayMs: d.dayMs, atMs: d.peakAtMs, load: d.p90 })),
      forecast: f.view,
    });
    const title = `daily peak load vs safe capacity, next ${horizonDays} days`;
    try {
      const png = await this.deps.renderChart([outlook], title);
      await this.deps.out.uploadPng({
        channel: posted.channel,
        threadTs: posted.ts,
        filename: `capacity-alert-${f.workUnit}.png`,
        title: `${f.workUnit}: ${title}`,
        png,
      });
    } catch (err) {
      this.deps.log.warn({ workUnit: f.workUnit, err: (err as Error).message }, 'capacity alert posted; chart failed');
    }
  }
}

function parseSaid(text: string | undefined): SaidCrossing | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as SaidCrossing;
    return typeof v.atMs === 'number' && (v.date === null || typeof v.date === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}
