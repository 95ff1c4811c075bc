// When each simulated service was deployed, and which version ran at any instant: routine
// (harmless) deploys on a fixed cadence per service, plus the scenario's deploy faults — a bad
// one (magnitude > 0) is rolled back at its end. Pure function of (seed, fleet, faults, time).
import type { WorkUnitId } from '../../../analytics/types.js';
import type { DeployEvent } from '../../sources/evidence.js';
import type { Fault } from '../faults.js';
import { hashString, uniform } from '../hash.js';
import type { SimulatedFleet } from '../simulated-fleet.js';
import { DEFAULT_DEPLOY_SERVICE, HOUR_MS, periodMs, SIM_SERVICES, type SimService } from './services.js';

export class DeploySchedule {
  constructor(private readonly sim: SimulatedFleet) {}

  /** Every deploy event of `workUnit` with startMs ≤ time ≤ endMs, newest first. */
  events(workUnit: WorkUnitId, startMs: number, endMs: number): DeployEvent[] {
    const out: DeployEvent[] = [];
    for (const service of SIM_SERVICES) {
      const period = periodMs(service);
      const phase = this.phaseMs(workUnit, service);
      for (let k = Math.ceil((startMs - phase) / period); phase + k * period <= endMs; k++) {
        out.push(this.routine(workUnit, service, k));
      }
    }
    this.sim.faults.forEach((fault, index) => {
      if (fault.kind !== 'deploy' || fault.workUnit !== workUnit) return;
      if (fault.startMs >= startMs && fault.startMs <= endMs) out.push(this.faultDeploy(fault, index));
      if (fault.magnitude > 0 && fault.endMs >= startMs && fault.endMs <= endMs) out.push(this.rollback(fault, index));
    });
    return out.sort((a, b) => b.timeMs - a.timeMs || a.id.localeCompare(b.id));
  }

  /** The version of `service` running on `workUnit` at `ms`. */
  versionAt(workUnit: WorkUnitId, service: string, ms: number): string {
    const routineService = SIM_SERVICES.find((s) => s.name === service);
    if (!routineService) return 'unknown';
    const period = periodMs(routineService);
    const phase = this.phaseMs(workUnit, routineService);
    const k = Math.floor((ms - phase) / period);
    let version = routineVersion(k);
    let since = phase + k * period;
    for (const fault of this.scenarioDeploys(workUnit, service)) {
      const live = fault.startMs <= ms && (fault.magnitude === 0 || ms < fault.endMs);
      if (live && fault.startMs >= since) {
        version = fault.version ?? 'unknown';
        since = fault.startMs;
      }
    }
    return version;
  }

  /** The bad deploy active on the unit at `ms` (its errors are in the logs and traces), if any. */
  badDeployAt(workUnit: WorkUnitId, ms: number): Fault | undefined {
    return this.sim.faults.find(
      (f) => f.kind === 'deploy' && f.workUnit === workUnit && f.magnitude > 0 && f.startMs <= ms && ms < f.endMs,
    );
  }

  private scenarioDeploys(workUnit: WorkUnitId, service: string): Fault[] {
    return this.sim.faults.filter(
      (f) => f.kind === 'deploy' && f.workUnit === workUnit && (f.service ?? DEFAULT_DEPLOY_SERVICE) === service,
    );
  }

  /** Offset of a service's routine cadence on a unit: a minute of the period fixed by seed, unit and service. */
  private phaseMs(workUnit: WorkUnitId, service: SimService): number {
    const h = uniform(this.sim.seed, hashString(workUnit), hashString(service.name), 0xde9);
    return Math.floor((h * periodMs(service)) / HOUR_MS) * HOUR_MS + Math.floor(h * 59) * 60_000;
  }

  private routine(workUnit: WorkUnitId, service: SimService, k: number): DeployEvent {
    return {
      id: `simulated:${workUnit}:${service.name}:${k}`,
      workUnit,
      service: service.name,
      version: routineVersion(k),
      timeMs: this.phaseMs(workUnit, service) + k * periodMs(service),
      status: 'succeeded',
      source: 'simulated',
      actor: 'ci-bot',
      description: `routine release of ${service.name}`,
    };
  }

  private faultDeploy(fault: Fault, index: number): DeployEvent {
    const service = fault.service ?? DEFAULT_DEPLOY_SERVICE;
    return {
      id: `simulated:${fault.workUnit}:scenario:${index}`,
      workUnit: fault.workUnit!,
      service,
      version: fault.version ?? 'unknown',
      timeMs: fault.startMs,
      status: 'succeeded',
      source: 'simulated',
      actor: 'release-pipeline',
      description: `release of ${service} ${fault.version ?? ''}`.trim(),
    };
  }

  private rollback(fault: Fault, index: number): DeployEvent {
    const service = fault.service ?? DEFAULT_DEPLOY_SERVICE;
    const previous = this.versionAt(fault.workUnit!, service, fault.startMs - 1);
    return {
      id: `simulated:${fault.workUnit}:scenario:${index}:rollback`,
      workUnit: fault.workUnit!,
      service,
      version: previous,
      timeMs: fault.endMs,
      status: 'rolled-back',
      source: 'simulated',
      actor: 'on-call',
      description: `rolled back ${service} ${fault.version ?? ''} to ${previous}`,
    };
  }
}

/** Deterministic, readable versions: 1.0.0 … 1.39.0, 2.0.0 … (cycling through majors 1–9). */
function routineVersion(k: number): string {
  const n = ((k % 360) + 360) % 360;
  return `${1 + Math.floor(n / 40)}.${n % 40}.0`;
}
