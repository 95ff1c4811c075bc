import { unknownWorkUnit } from '../../analytics/errors.js';
import type { FleetModel, SignalSourceName, WorkUnit, WorkUnitId } from '../../analytics/types.js';
import type { MetricsSource, SignalSource } from '../../tools/sources/types.js';
import type { PrecomputedStore } from '../precomputed/types.js';
import { ANALYTICS_CODE_VERSION, CADENCE_MS, type LearnedSetMeta, type StoredForecast } from '../precomputed/types.js';
import { type ConnectionDetector, detectorFromNorms, learnConnectionNorms } from './connection-detector.js';
import { type FleetHistory, type HistoryOptions, historyRange, loadFleetHistory } from './fleet-history.js';
import type { HourlyWindow, LoadForecaster } from './forecaster.js';

/** After a failed refresh of history, the earlier history is used and the refresh retried this much later. */
const REFRESH_RETRY_MS = 15 * 60_000;
/** The kind under which the planner's fitted window of each unit is stored. */
export const UNIT_WINDOW_KIND = 'hourly-8d';

export interface CoreDeps {
  fleet: FleetModel;
  metrics: MetricsSource;
  /** Independent sources other than the metrics, already filtered to the ones in use. */
  signalSources: SignalSource[];
  /** Which sources the fleet uses; 'metrics' in it means the metrics signal is evaluated. */
  sourcesInUse: readonly SignalSourceName[];
  /** Forecasts of each unit's hourly load. */
  forecaster: LoadForecaster;
  /** Forecasts of the client-region × unit series (many, small); the seasonal profile by default. */
  regionForecaster?: LoadForecaster;
  history: HistoryOptions;
  /** Builds the connection-drop detector from history; the seasonal comparison by default (never stored when set). */
  connectionDetector?: (history: FleetHistory, fleet: FleetModel) => ConnectionDetector;
  /** Where learned sets are kept between processes, and the fingerprint of this fleet's inputs. */
  precomputed?: { store: PrecomputedStore; fingerprint: string };
  /** Makes the forecaster ready to fit (loads augurs); awaited only when a series must be fitted. */
  prepareForecasts?: () => Promise<void>;
  /** Wall clock for "computed at" (fleet time is always a parameter); Date.now by default. */
  wallClock?: () => number;
}

/** What was learned from history, where it came from, and the forecasts stored with it. */
export interface Learned {
  history: FleetHistory;
  detector: ConnectionDetector;
  meta: LearnedSetMeta;
  /** 'computed' in this process, or read back from the analytics store. */
  source: 'computed' | 'store';
  forecasts: StoredForecast[];
}

/** How old the analytics an answer rests on are, and whether that is older than their cadence. */
export interface AnalyticsAge {
  asOfMs: number;
  computedAtMs: number;
  ageMs: number;
  stale: boolean;
  source: Learned['source'];
  codeVersion: string;
  inputRange: LearnedSetMeta['inputRange'];
  refreshFailure?: { atMs: number; message: string };
}

/**
 * The deterministic core's state: the fleet, its sources, and what was learned from history
 * (refreshed once a day of fleet time, kept in the analytics store when there is one). Evaluation,
 * planning and what-if are functions over it.
 */
export class Core {
  private learned?: Learned;
  private refreshFailure?: { atMs: number; message: string };
  private forecastsPrepared = false;
  /** The last failure to write the analytics store (answers go on; the next refresh tries again). */
  storeFailure?: string;

  constructor(readonly deps: CoreDeps) {}

  get fleet(): FleetModel {
    return this.deps.fleet;
  }

  unit(id: WorkUnitId): WorkUnit {
    const unit = this.fleet.workUnits.find((u) => u.id === id);
    if (!unit)
      throw unknownWorkUnit(
        id,
        this.fleet.workUnits.map((u) => u.id),
      );
    return unit;
  }

  /**
   * What was learned from history, refreshed once a day of fleet time: from memory, else from the
   * analytics store, else computed (and stored). When a refresh fails (the metrics store down or
   * slow), the earlier set goes on serving — baselines move slowly — and the refresh is retried
   * REFRESH_RETRY_MS later; `historyRefreshFailure` says so. With nothing learned yet the failure is
   * thrown: the fleet cannot be evaluated, and the caller must say so.
   */
  async learnedAt(atMs: number): Promise<Learned> {
    const current = this.learned;
    if (current && servesAt(current.meta, atMs)) return current;
    const failed = this.refreshFailure;
    if (current && failed && atMs >= failed.atMs && atMs - failed.atMs < REFRESH_RETRY_MS) return current;
    const stored = this.readStored(atMs);
    if (stored && servesAt(stored.meta, atMs)) return this.use(stored);
    try {
      const computed = await this.compute(atMs);
      this.refreshFailure = undefined;
      return this.use(computed);
    } catch (err) {
      const fallback = current ?? stored;
      if (!fallback) throw err;
      this.refreshFailure = { atMs, message: (err as Error).message };
      return this.use(fallback);
    }
  }

  /**
   * Recomputes now (the refresh command), whatever the store holds. On failure the previous set —
   * in memory or stored — stays in use and the error is thrown for the caller to report.
   */
  async refresh(atMs: number): Promise<Learned> {
    const computed = await this.compute(atMs);
    this.refreshFailure = undefined;
    return this.use(computed);
  }

  /** The last refresh of history that failed while earlier history is still in use, if any. */
  get historyRefreshFailure(): { atMs: number; message: string } | undefined {
    return this.refreshFailure;
  }

  /** Age of the analytics in use at atMs (call after learnedAt); undefined before anything was learned. */
  analyticsAge(atMs: number): AnalyticsAge | undefined {
    const l = this.learned;
    if (!l) return undefined;
    const ageMs = atMs - l.meta.asOfMs;
    const age: AnalyticsAge = {
      asOfMs: l.meta.asOfMs,
      computedAtMs: l.meta.computedAtMs,
      ageMs,
      stale: ageMs >= CADENCE_MS.learnedSet,
      source: l.source,
      codeVersion: l.meta.codeVersion,
      inputRange: l.meta.inputRange,
    };
    if (this.refreshFailure) age.refreshFailure = this.refreshFailure;
    return age;
  }

  /** A forecast stored with the set in use (see precomputed/forecasts.ts for the reader). */
  storedForecast(learned: Learned, workUnit: WorkUnitId, kind: string): StoredForecast | undefined {
    return learned.forecasts.find((f) => f.workUnit === workUnit && f.kind === kind);
  }

  /** Keeps a forecast with the set it was computed from, in memory and in the store. */
  keepForecast(learned: Learned, forecast: StoredForecast): void {
    learned.forecasts = [
      ...learned.forecasts.filter((f) => f.workUnit !== forecast.workUnit || f.kind !== forecast.kind),
      forecast,
    ];
    const store = this.deps.precomputed?.store;
    if (store && learned.meta.id !== undefined) {
      try {
        store.saveForecast(learned.meta.id, forecast);
      } catch (err) {
        this.storeFailure = (err as Error).message;
      }
    }
  }

  /** Makes the forecaster ready to fit, once (augurs loads only when something must be fitted). */
  async prepareForecasts(): Promise<void> {
    if (this.forecastsPrepared) return;
    await this.deps.prepareForecasts?.();
    this.forecastsPrepared = true;
  }

  private async use(learned: Learned): Promise<Learned> {
    this.learned = learned;
    const { forecaster } = this.deps;
    const missing = [...learned.history.hourlyLoad.values()].some((s) => !forecaster.hasWindow?.(s));
    if (!forecaster.hasWindow || missing) await this.prepareForecasts();
    return learned;
  }

  private readStored(atMs: number): Learned | undefined {
    const p = this.deps.precomputed;
    if (!p || this.deps.connectionDetector) return undefined;
    const found = p.store.latest(
      p.fingerprint,
      atMs,
      this.fleet.workUnits.map((u) => u.id),
    );
    if (!found) return undefined;
    const { set, forecasts } = found;
    for (const f of forecasts) {
      const hourly = f.kind === UNIT_WINDOW_KIND ? set.history.hourlyLoad.get(f.workUnit) : undefined;
      if (hourly) this.deps.forecaster.rememberWindow?.(hourly, f.value as HourlyWindow | null);
    }
    return {
      history: set.history,
      detector: detectorFromNorms(set.connectionNorms, this.fleet),
      meta: set.meta,
      source: 'store',
      forecasts,
    };
  }

  private async compute(atMs: number): Promise<Learned> {
    const wall = this.deps.wallClock ?? Date.now;
    const started = performance.now();
    const history = await loadFleetHistory(this.fleet, this.deps.metrics, atMs, this.deps.history);
    const custom = this.deps.connectionDetector;
    const norms = custom ? new Map() : learnConnectionNorms(history, this.fleet);
    const detector = custom ? custom(history, this.fleet) : detectorFromNorms(norms, this.fleet);
    const p = this.deps.precomputed;
    const forecasts: StoredForecast[] = [];
    const range = historyRange(atMs, this.deps.history);
    const meta: LearnedSetMeta = {
      fingerprint: p?.fingerprint ?? 'in-memory',
      codeVersion: ANALYTICS_CODE_VERSION,
      asOfMs: atMs,
      inputRange: range,
      computedAtMs: wall(),
      computeMs: Math.round(performance.now() - started),
    };
    if (p && !custom) {
      try {
        meta.id = p.store.save({ meta, history, connectionNorms: norms }, forecasts);
        this.storeFailure = undefined;
      } catch (err) {
        this.storeFailure = (err as Error).message;
      }
    }
    return { history, detector, meta, source: 'computed', forecasts };
  }

  /**
   * The planner's forecast window of every unit, fitted once per learned set ("forecasts daily")
   * when first needed and kept with the set; a no-op when all are stored already.
   */
  async unitWindowsReady(learned: Learned): Promise<void> {
    const { forecaster } = this.deps;
    if (!forecaster.fittedWindow) return;
    const missing = [...learned.history.hourlyLoad].filter(
      ([wu]) => !learned.forecasts.some((f) => f.workUnit === wu && f.kind === UNIT_WINDOW_KIND),
    );
    if (missing.length === 0) return;
    await this.prepareForecasts();
    const computedAtMs = (this.deps.wallClock ?? Date.now)();
    for (const [workUnit, hourly] of missing) {
      this.keepForecast(learned, {
        workUnit,
        kind: UNIT_WINDOW_KIND,
        model: forecaster.name,
        inputRange: { startMs: hourly.startMs, endMs: hourly.startMs + (hourly.values.length - 1) * hourly.stepMs },
        computedAtMs,
        value: forecaster.fittedWindow(hourly),
      });
    }
  }
}

/** A set serves the day of fleet time after its as-of moment (not before it: --at in the past recomputes). */
function servesAt(meta: LearnedSetMeta, atMs: number): boolean {
  return atMs >= meta.asOfMs && atMs - meta.asOfMs < CADENCE_MS.learnedSet;
}
