import { unknownWorkUnit } from '../../analytics/errors.js';
import type { FleetModel, SignalSourceName, WorkUnit, WorkUnitId } from '../../analytics/types.js';
import type { MetricsSource, SignalSource } from '../../tools/sources/types.js';
import { type ConnectionDetector, seasonalConnectionDetector } from './connection-detector.js';
import { type FleetHistory, type HistoryOptions, loadFleetHistory } from './fleet-history.js';
import type { LoadForecaster } from './forecaster.js';

const DAY_MS = 86_400_000;
/** After a failed refresh of history, the earlier history is used and the refresh retried this much later. */
const REFRESH_RETRY_MS = 15 * 60_000;

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
  /** Builds the connection-drop detector from history; the seasonal comparison by default. */
  connectionDetector?: (history: FleetHistory, fleet: FleetModel) => ConnectionDetector;
}

/**
 * The deterministic core's state: the fleet, its sources, and what was learned from history
 * (refreshed once a day of fleet time). Evaluation, planning and what-if are functions over it.
 */
export class Core {
  private learned?: { history: FleetHistory; detector: ConnectionDetector };
  private refreshFailure?: { atMs: number; message: string };

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
   * What was learned from history, refreshed once a day of fleet time. When a refresh fails (the
   * metrics store down or slow), the earlier history goes on serving — baselines move slowly — and
   * the refresh is retried REFRESH_RETRY_MS later; `historyRefreshFailure` says so. With nothing
   * learned yet the failure is thrown: the fleet cannot be evaluated, and the caller must say so.
   */
  async learnedAt(atMs: number): Promise<{ history: FleetHistory; detector: ConnectionDetector }> {
    const current = this.learned;
    if (current && atMs >= current.history.builtAtMs && atMs - current.history.builtAtMs < DAY_MS) return current;
    const failed = this.refreshFailure;
    if (current && failed && atMs >= failed.atMs && atMs - failed.atMs < REFRESH_RETRY_MS) return current;
    let history: FleetHistory;
    try {
      history = await loadFleetHistory(this.fleet, this.deps.metrics, atMs, this.deps.history);
    } catch (err) {
      if (!current) throw err;
      this.refreshFailure = { atMs, message: (err as Error).message };
      return current;
    }
    this.refreshFailure = undefined;
    const build = this.deps.connectionDetector ?? ((h, f) => seasonalConnectionDetector(h, f));
    this.learned = { history, detector: build(history, this.fleet) };
    return this.learned;
  }

  /** The last refresh of history that failed while earlier history is still in use, if any. */
  get historyRefreshFailure(): { atMs: number; message: string } | undefined {
    return this.refreshFailure;
  }
}
