// Alertmanager as an independent signal source, read from the alerts the intake stored: firing
// while an alert for the unit is active and re-notified recently enough, unknown when a firing
// alert went quiet for longer than Alertmanager's repeat interval allows (its resolution may have
// been lost) or when the heartbeat window passed without a webhook, ok otherwise.
import type { Signal, WorkUnitId } from '../../analytics/types.js';
import type { SignalSource } from '../sources/types.js';
import type { AlertStore } from './alert-store.js';

export interface AlertmanagerSignalOptions {
  store: AlertStore;
  knownUnits: ReadonlySet<WorkUnitId>;
  /** No webhook for this long → unknown. 0 disables the check (Alertmanager posts only on change). */
  heartbeatMs: number;
  /**
   * A firing alert not notified again for this long is no longer evidence: unknown. Alertmanager
   * repeats firing alerts every repeat_interval (4 h by default). 0 disables the check.
   */
  firingTtlMs: number;
}

export class AlertmanagerSignalSource implements SignalSource {
  readonly name = 'alertmanager' as const;

  constructor(private readonly options: AlertmanagerSignalOptions) {}

  async read(workUnits: readonly WorkUnitId[], atMs: number): Promise<Map<WorkUnitId, Signal>> {
    const { store, knownUnits, heartbeatMs, firingTtlMs } = this.options;
    const result = new Map<WorkUnitId, Signal>();
    const unknown = (wu: WorkUnitId, detail: string) =>
      result.set(wu, { source: this.name, status: 'unknown', detail });
    let firing: ReturnType<AlertStore['firing']>;
    let last: number | undefined;
    try {
      firing = store.firing(workUnits);
      last = store.lastWebhookMs();
    } catch (err) {
      for (const wu of workUnits) unknown(wu, `alert store unreadable: ${(err as Error).message}`);
      return result;
    }
    const silent = heartbeatMs > 0 && (last === undefined || atMs - last > heartbeatMs);
    for (const wu of workUnits) {
      if (!knownUnits.has(wu)) {
        unknown(wu, `${wu} is not a work unit of this fleet`);
        continue;
      }
      // Alerts that start after the evaluated instant did not exist then.
      const present = firing.filter((a) => a.workUnit === wu && a.startsAtMs <= atMs);
      const quiet = (a: (typeof present)[number]) => firingTtlMs > 0 && atMs - a.lastNotifiedMs > firingTtlMs;
      const active = present.filter((a) => !quiet(a));
      const gone = present.filter(quiet);
      if (active.length === 0 && gone.length > 0) {
        const names = [...new Set(gone.map((a) => a.alertName))].join(', ');
        const hours = ((atMs - Math.max(...gone.map((a) => a.lastNotifiedMs))) / 3_600_000).toFixed(1);
        unknown(
          wu,
          `${names} was firing for ${wu} but not notified again for ${hours} h (longer than ${firingTtlMs / 3_600_000} h; ` +
            'Alertmanager repeats firing alerts): its resolution may have been lost',
        );
      } else if (active.length > 0) {
        const first = active[0]!;
        const names = [...new Set(active.map((a) => a.alertName))].join(', ');
        const summary = first.summary ? `: ${first.summary}` : '';
        result.set(wu, {
          source: this.name,
          status: 'firing',
          detail: `${names} firing for ${wu} since ${new Date(first.startsAtMs).toISOString().slice(0, 16)}Z${summary}`,
          observedAtMs: atMs,
        });
      } else if (silent) {
        const ago = last === undefined ? 'never' : `${Math.round((atMs - last) / 1000)} s ago`;
        unknown(wu, `no webhook from Alertmanager within ${heartbeatMs / 1000} s (last: ${ago})`);
      } else {
        result.set(wu, { source: this.name, status: 'ok', detail: `no alert firing for ${wu}`, observedAtMs: atMs });
      }
    }
    return result;
  }
}
