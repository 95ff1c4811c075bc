// Simulated independent signal sources, driven by the scenario's faults and the simulated metrics.
import type { Signal, WorkUnitId } from '../../analytics/types.js';
import type { SignalSource } from '../sources/types.js';
import { DEFAULT_ALERT_NAME } from './faults.js';
import type { SimulatedFleet } from './simulated-fleet.js';

function readAll(
  workUnits: readonly WorkUnitId[],
  signalOf: (workUnit: WorkUnitId) => Signal,
): Promise<Map<WorkUnitId, Signal>> {
  return Promise.resolve(new Map(workUnits.map((wu) => [wu, signalOf(wu)])));
}

function known(sim: SimulatedFleet, workUnit: WorkUnitId): boolean {
  return sim.fleet.workUnits.some((u) => u.id === workUnit);
}

function unknownUnit(source: Signal['source'], workUnit: WorkUnitId): Signal {
  return { source, status: 'unknown', detail: `${workUnit} is not a work unit of this fleet` };
}

function isoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + 'Z';
}

/** The external anomaly-detection API: flags a unit while an anomaly-api-flag fault is active. */
export class SimulatedAnomalyApi implements SignalSource {
  readonly name = 'anomaly-api' as const;
  constructor(private readonly sim: SimulatedFleet) {}

  read(workUnits: readonly WorkUnitId[], atMs: number): Promise<Map<WorkUnitId, Signal>> {
    return readAll(workUnits, (wu) => {
      if (!known(this.sim, wu)) return unknownUnit(this.name, wu);
      const flag = this.sim.activeFault('anomaly-api-flag', wu, atMs);
      return flag
        ? {
            source: this.name,
            status: 'firing',
            detail: `anomaly API flags ${wu} (score ${flag.magnitude.toFixed(2)}) since ${isoMinute(flag.startMs)}`,
            observedAtMs: atMs,
          }
        : { source: this.name, status: 'ok', detail: `anomaly API: nothing unusual on ${wu}`, observedAtMs: atMs };
    });
  }
}

/** Alertmanager: an alert fires for a unit while an alert-firing fault is active; detail names the alert. */
export class SimulatedAlertmanager implements SignalSource {
  readonly name = 'alertmanager' as const;
  constructor(private readonly sim: SimulatedFleet) {}

  read(workUnits: readonly WorkUnitId[], atMs: number): Promise<Map<WorkUnitId, Signal>> {
    return readAll(workUnits, (wu) => {
      if (!known(this.sim, wu)) return unknownUnit(this.name, wu);
      const alert = this.sim.activeFault('alert-firing', wu, atMs);
      return alert
        ? {
            source: this.name,
            status: 'firing',
            detail: `${alert.alertName ?? DEFAULT_ALERT_NAME} firing for ${wu} since ${isoMinute(alert.startMs)}`,
            observedAtMs: atMs,
          }
        : { source: this.name, status: 'ok', detail: `no alert firing for ${wu}`, observedAtMs: atMs };
    });
  }
}

/**
 * The unit's edge agent: judges the unit from its local view (which survives a central telemetry
 * gap), unknown when the agent does not answer.
 */
export class SimulatedEdgeAgents implements SignalSource {
  readonly name = 'edge-agent' as const;
  constructor(private readonly sim: SimulatedFleet) {}

  read(workUnits: readonly WorkUnitId[], atMs: number): Promise<Map<WorkUnitId, Signal>> {
    const { errorRateFiring, latencyP95FiringMs } = this.sim.fleet.thresholds;
    return readAll(workUnits, (wu) => {
      if (!known(this.sim, wu)) return unknownUnit(this.name, wu);
      if (this.sim.activeFault('edge-unreachable', wu, atMs)) {
        return { source: this.name, status: 'unknown', detail: `edge agent of ${wu} did not answer` };
      }
      const errorRate = this.sim.value(wu, 'errorRate', atMs, true);
      const latency = this.sim.value(wu, 'latencyP95', atMs, true);
      const local = `error rate ${(errorRate * 100).toFixed(1)} %, p95 ${Math.round(latency)} ms`;
      const problems: string[] = [];
      if (errorRate >= errorRateFiring) problems.push(`error rate ≥ ${(errorRateFiring * 100).toFixed(1)} %`);
      if (latency >= latencyP95FiringMs) problems.push(`p95 ≥ ${latencyP95FiringMs} ms`);
      return problems.length > 0
        ? {
            source: this.name,
            status: 'firing',
            detail: `edge agent of ${wu} reports ${local} (${problems.join(', ')})`,
            observedAtMs: atMs,
          }
        : { source: this.name, status: 'ok', detail: `edge agent of ${wu}: ${local}`, observedAtMs: atMs };
    });
  }
}

export function simulatedSignalSources(sim: SimulatedFleet): SignalSource[] {
  return [new SimulatedAnomalyApi(sim), new SimulatedAlertmanager(sim), new SimulatedEdgeAgents(sim)];
}
