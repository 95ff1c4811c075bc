// The external anomaly-detection API as an independent signal source. Any error, timeout, open
// circuit, missing unit or stale state is "unknown" with a detail saying what failed, never "ok".
import type { Signal, WorkUnitId } from '../../analytics/types.js';
import type { SignalSource } from '../sources/types.js';
import type { AnomalyApiClient } from './client.js';

export interface AnomalyApiSignalOptions {
  client: AnomalyApiClient;
  /** A state observed longer ago than this is stale. */
  freshnessMs: number;
}

/** Clock skew allowed between the anomaly service and Headroom. */
const FUTURE_TOLERANCE_MS = 60_000;

export class AnomalyApiSignalSource implements SignalSource {
  readonly name = 'anomaly-api' as const;

  constructor(private readonly options: AnomalyApiSignalOptions) {}

  get client(): AnomalyApiClient {
    return this.options.client;
  }

  async read(workUnits: readonly WorkUnitId[], atMs: number): Promise<Map<WorkUnitId, Signal>> {
    const result = new Map<WorkUnitId, Signal>();
    const unknown = (wu: WorkUnitId, detail: string) =>
      result.set(wu, { source: this.name, status: 'unknown', detail });
    const res = await this.options.client.state();
    if (!res.ok) {
      for (const wu of workUnits) unknown(wu, `anomaly API unavailable: ${res.error}`);
      return result;
    }
    const byUnit = new Map(res.data.map((s) => [s.workUnit, s]));
    for (const wu of workUnits) {
      const state = byUnit.get(wu);
      if (!state) {
        unknown(wu, `anomaly API returned no state for ${wu}`);
        continue;
      }
      const observedAtMs = Date.parse(state.observedAt);
      const ageMs = atMs - observedAtMs;
      if (-ageMs > FUTURE_TOLERANCE_MS) {
        // later than the instant evaluated: clocks disagree, or a past instant was asked of a live API
        unknown(
          wu,
          `anomaly API state for ${wu} is from ${Math.round(-ageMs / 1000)} s after the instant evaluated (clock skew or a past --at)`,
        );
        continue;
      }
      if (ageMs > this.options.freshnessMs) {
        unknown(wu, `anomaly API state for ${wu} is ${Math.round(ageMs / 1000)} s old (stale)`);
        continue;
      }
      const reason = state.reason ? `: ${state.reason}` : '';
      result.set(
        wu,
        state.anomalous
          ? {
              source: this.name,
              status: 'firing',
              detail: `anomaly API flags ${wu} (score ${state.score.toFixed(2)})${reason}`,
              observedAtMs,
            }
          : {
              source: this.name,
              status: 'ok',
              detail: `anomaly API: nothing unusual on ${wu} (score ${state.score.toFixed(2)})`,
              observedAtMs,
            },
      );
    }
    return result;
  }
}
