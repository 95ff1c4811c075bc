// Alertmanager as an independent signal source, read from the alerts the intake stored: firing
// while an alert for the unit is active, ok when none is and the intake has been heard from
// recently enough, unknown when the heartbeat window passed without a webhook.
import type { Signal, WorkUnitId } from '../../analytics/types.js';
import type { SignalSource } from '../sources/types.js';
import type { AlertStore } from './alert-store.js';

export interface AlertmanagerSignalOptions {
  store: AlertStore;
  knownUnits: ReadonlySet<WorkUnitId>;
  /** No webhook for this long → unknown. 0 disables the check (Alertmanager posts only on change). */
  heartbeatMs: number;
}

export class AlertmanagerSignalSource implements SignalSource {
  readonly name = 'alertmanager' as const;

  constructor(private readonly options: AlertmanagerSignalOptions) {}

  async read(workUnits: readonly WorkUnitId[], atMs: number): Promise<Map<WorkUnitId, Signal>> {
    const { store, knownUnits, heartbeatMs } = this.options;
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
      const active = firing.filter((a) => a.workUnit === wu && a.startsAtMs <= atMs);
      if (active.length > 0) {
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
