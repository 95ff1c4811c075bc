// The simulated fleet: every metric of every unit at any instant is a pure function of
// (seed, fleet, faults, time), so an accelerated clock can ask for any moment in any order.
import { HeadroomError, unknownWorkUnit } from '../../analytics/errors.js';
import type {
  ClientRegionId,
  FleetModel,
  LatestSample,
  Series,
  TimeRange,
  UnitMetric,
  WorkUnitId,
} from '../../analytics/types.js';
import { UNIT_METRICS } from '../../analytics/types.js';
import { DAY_MS, SIM_STEP_MS, stepOf, TimezoneClock } from './clock.js';
import { type Fault, FaultIndex, isActive } from './faults.js';
import { FleetLoad } from './fleet-load.js';
import { hashString, signedUniform, uniform } from './hash.js';
import { deriveProfiles, type ProfileOverride, type UnitProfile } from './profiles.js';
import { TrafficModel, type TrafficOptions } from './traffic.js';
import {
  BACKUP_CPU,
  BACKUP_MEMORY,
  backupIntensity,
  clamp01,
  errorRateFromPressure,
  HERD_CPU_SHARE,
  HERD_DECAY,
  HERD_JUMP_MIN_RPS,
  HERD_JUMP_RATIO,
  latencyP95Ms,
} from './unit-metrics.js';

export { SIM_STEP_MS } from './clock.js';

export interface SimulatedFleetOptions extends TrafficOptions {
  seed: number;
  faults?: readonly Fault[];
  /** Explicit per-unit overrides of the derived profiles. */
  profiles?: Readonly<Record<WorkUnitId, ProfileOverride>>;
  /** With `nowMs`: samples older than nowMs − historyDays (default 90) do not exist. Without it, history is unbounded. */
  historyDays?: number;
  nowMs?: number;
}

/** Binding-resource level a promotion day aims at (at the growth anchor; earlier promotions land a little lower). */
const PROMOTION_TARGET_UTILISATION = 0.87;
/** Memory follows load partly through its average over the past hour (caches fill and drain slowly). */
const MEMORY_LAG_STEPS = 12;
const MAX_RANGE_POINTS = 2_000_000;

export class SimulatedFleet {
  readonly seed: number;
  readonly faults: readonly Fault[];
  readonly profiles: readonly UnitProfile[];
  /** Earliest instant with samples (−Infinity when history is unbounded). */
  readonly dataStartMs: number;
  private readonly faultIndex: FaultIndex;
  private readonly clock = new TimezoneClock();
  private readonly traffic: TrafficModel;
  private readonly load: FleetLoad;
  private readonly unitIndex: Map<WorkUnitId, number>;
  private readonly unitHashes: number[];
  private readonly promoted: number[];

  constructor(
    readonly fleet: FleetModel,
    options: SimulatedFleetOptions,
  ) {
    this.seed = options.seed;
    this.faults = options.faults ?? [];
    this.faultIndex = new FaultIndex(this.faults);
    this.unitIndex = new Map(fleet.workUnits.map((u, i) => [u.id, i]));
    this.unitHashes = fleet.workUnits.map((u) => hashString(u.id));
    this.dataStartMs =
      options.nowMs === undefined ? Number.NEGATIVE_INFINITY : options.nowMs - (options.historyDays ?? 90) * DAY_MS;

    const plainTraffic = new TrafficModel(fleet, this.seed, this.clock, options);
    this.profiles = deriveProfiles(fleet, this.seed, plainTraffic, this.clock, options.profiles);
    const promotions = this.promotionMultipliers(plainTraffic);
    this.promoted = [...promotions.keys()];
    this.traffic = plainTraffic.withPromotions(promotions, options);
    this.load = new FleetLoad(fleet, this.seed, this.traffic, this.profiles, this.faultIndex);
  }

  get unitIds(): WorkUnitId[] {
    return this.fleet.workUnits.map((u) => u.id);
  }

  profile(workUnit: WorkUnitId): UnitProfile {
    return this.profiles[this.indexOf(workUnit)]!;
  }

  /** Client regions that run a monthly promotion day (their units see ~90 % peaks). */
  get promotedRegions(): ClientRegionId[] {
    return this.promoted.map((r) => this.fleet.clientRegions[r]!.id);
  }

  isPromotionDay(clientRegion: ClientRegionId, ms: number): boolean {
    const r = this.load.indexOfRegion(clientRegion);
    return r !== undefined && this.traffic.isPromotionDay(r, ms);
  }

  activeFaults(ms: number, workUnit?: WorkUnitId): Fault[] {
    return this.faults.filter((f) => isActive(f, ms) && (workUnit === undefined || f.workUnit === workUnit));
  }

  activeFault(kind: Fault['kind'], workUnit: WorkUnitId, ms: number): Fault | undefined {
    return this.faultIndex.active(kind, workUnit, ms);
  }

  /** True when the unit's telemetry has a sample at the grid step containing `ms`. */
  hasTelemetry(workUnit: WorkUnitId, ms: number): boolean {
    const gridMs = stepOf(ms) * SIM_STEP_MS;
    return gridMs >= this.dataStartMs && this.faultIndex.gapStartCovering(workUnit, gridMs) === undefined;
  }

  /**
   * The unit's metric at the grid step containing `ms`. NaN inside a telemetry gap or before the
   * history starts, unless `asSeenLocally` (what the unit itself observes, e.g. its edge agent).
   */
  value(workUnit: WorkUnitId, metric: UnitMetric, ms: number, asSeenLocally = false): number {
    if (!asSeenLocally && !this.hasTelemetry(workUnit, ms)) return Number.NaN;
    return this.metricAt(this.indexOf(workUnit), metric, stepOf(ms));
  }

  unitRange(metric: UnitMetric, range: TimeRange): Map<WorkUnitId, Series> {
    const count = pointCount(range);
    const result = new Map<WorkUnitId, Series>();
    const steps = new Float64Array(count);
    for (let i = 0; i < count; i++) steps[i] = stepOf(range.startMs + i * range.stepMs);
    this.fleet.workUnits.forEach((unit, u) => {
      const values = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const step = steps[i]!;
        values[i] = this.hasTelemetry(unit.id, step * SIM_STEP_MS) ? this.metricAt(u, metric, step) : Number.NaN;
      }
      result.set(unit.id, { startMs: range.startMs, stepMs: range.stepMs, values });
    });
    return result;
  }

  regionLoadRange(range: TimeRange): Map<ClientRegionId, Map<WorkUnitId, Series>> {
    const count = pointCount(range);
    const result = new Map<ClientRegionId, Map<WorkUnitId, Series>>();
    const seriesOf = (r: number, u: number): Float64Array => {
      const regionId = this.fleet.clientRegions[r]!.id;
      const unitId = this.fleet.workUnits[u]!.id;
      let byUnit = result.get(regionId);
      if (!byUnit) {
        byUnit = new Map();
        result.set(regionId, byUnit);
      }
      let series = byUnit.get(unitId);
      if (!series) {
        series = { startMs: range.startMs, stepMs: range.stepMs, values: new Float64Array(count) };
        byUnit.set(unitId, series);
      }
      return series.values;
    };
    // Every routed pair exists even when its load is zero, so consumers see the routing table.
    this.fleet.clientRegions.forEach((region, r) => {
      for (const wu of Object.keys(this.fleet.routing[region.id] ?? {})) {
        const u = this.unitIndex.get(wu);
        if (u !== undefined) seriesOf(r, u);
      }
    });
    for (let i = 0; i < count; i++) {
      const step = stepOf(range.startMs + i * range.stepMs);
      this.load.flows(step, (r, u, x) => {
        seriesOf(r, u)[i]! += x;
      });
      for (const byUnit of result.values()) {
        for (const [unitId, series] of byUnit) {
          if (!this.hasTelemetry(unitId, step * SIM_STEP_MS)) series.values[i] = Number.NaN;
        }
      }
    }
    return result;
  }

  /** Newest sample at or before `atMs` per unit; a unit in a telemetry gap reports its last sample before it. */
  latest(metric: UnitMetric, atMs: number): Map<WorkUnitId, LatestSample> {
    const result = new Map<WorkUnitId, LatestSample>();
    this.fleet.workUnits.forEach((unit, u) => {
      let sampleMs = stepOf(atMs) * SIM_STEP_MS;
      for (let gap = this.faultIndex.gapStartCovering(unit.id, sampleMs); gap !== undefined; ) {
        sampleMs = (Math.ceil(gap / SIM_STEP_MS) - 1) * SIM_STEP_MS;
        gap = this.faultIndex.gapStartCovering(unit.id, sampleMs);
      }
      if (sampleMs < this.dataStartMs) return;
      result.set(unit.id, { value: this.metricAt(u, metric, stepOf(sampleMs)), sampleMs });
    });
    return result;
  }

  private indexOf(workUnit: WorkUnitId): number {
    const i = this.unitIndex.get(workUnit);
    if (i === undefined) throw unknownWorkUnit(workUnit, this.unitIds);
    return i;
  }

  private unitLoad(u: number, step: number): number {
    return this.load.unitLoads(step)[u]!;
  }

  /** Load-equivalent rps of the reconnect spike after sharp load jumps in the last few steps. */
  private herd(u: number, step: number): number {
    let extra = 0;
    let after = this.unitLoad(u, step);
    for (let j = 0; j < HERD_DECAY.length; j++) {
      const before = this.unitLoad(u, step - j - 1);
      const jump = after - before;
      if (jump > HERD_JUMP_RATIO * before + HERD_JUMP_MIN_RPS) extra += jump * HERD_DECAY[j]!;
      after = before;
    }
    return extra * this.profiles[u]!.herdGain;
  }

  private metricAt(u: number, metric: UnitMetric, step: number): number {
    const profile = this.profiles[u]!;
    const unit = this.fleet.workUnits[u]!;
    const ms = step * SIM_STEP_MS;
    const load = this.unitLoad(u, step);
    if (metric === 'load') return load;
    const noise = 1 + 0.015 * signedUniform(this.seed, this.unitHashes[u]!, metricCode(metric), step);
    const c = profile.coefficients;
    const herd = metric === 'connections' || metric === 'cpu' || metric === 'errorRate' || metric === 'latencyP95';
    const herdLoad = herd ? this.herd(u, step) : 0;
    const keptCapacity = this.faultIndex.remainingFraction('capacity-loss', unit.id, ms);
    if (metric === 'network') return (c.network.idle + c.network.perRps * load) * unit.limits.networkMbps * noise;
    if (metric === 'connections') {
      const kept = this.faultIndex.remainingFraction('connection-drop', unit.id, ms);
      const utilisation = c.connections.idle + c.connections.perRps * (load + herdLoad);
      return utilisation * unit.limits.connections * kept * noise;
    }
    const saturation = this.faultIndex.sum('cpu-saturation', unit.id, ms);
    const cpu = (c.cpu.idle + c.cpu.perRps * (load + HERD_CPU_SHARE * herdLoad)) / keptCapacity + saturation;
    const backup = profile.backup ? backupIntensity(this.clock.local(unit.timezone, ms).hour, profile.backup) : 0;
    if (metric === 'cpu') return clamp01((cpu + (BACKUP_CPU - cpu) * Math.max(0, backup)) * noise);
    const memory = (c.memory.idle + c.memory.perRps * this.memoryLoad(u, step, load)) / keptCapacity;
    if (metric === 'memory') return clamp01((memory + 0.5 * Math.max(0, BACKUP_MEMORY - memory) * backup) * noise);

    // Pressure: the busiest resource as a fraction of what capacity remains. Backups are excluded on purpose.
    const pressure = Math.max(
      cpu,
      memory,
      (c.connections.idle + c.connections.perRps * (load + herdLoad)) / keptCapacity,
      (c.network.idle + c.network.perRps * load) / keptCapacity,
    );
    if (metric === 'errorRate') {
      const dropped = 1 - this.faultIndex.remainingFraction('connection-drop', unit.id, ms);
      const spike = this.faultIndex.sum('error-spike', unit.id, ms) + this.faultIndex.sum('deploy', unit.id, ms);
      return clamp01(errorRateFromPressure(profile.errorBase, pressure) * noise + 0.03 * dropped + spike);
    }
    const spike = this.faultIndex.sum('latency-spike', unit.id, ms);
    return latencyP95Ms(profile.latencyBaseMs, pressure) * (1 + spike) * noise;
  }

  private memoryLoad(u: number, step: number, load: number): number {
    let sum = 0;
    for (let j = 1; j <= MEMORY_LAG_STEPS; j++) sum += this.unitLoad(u, step - j);
    return 0.4 * load + (0.6 * sum) / MEMORY_LAG_STEPS;
  }

  /** Promoted client regions (about half, chosen by seed) and the multiplier that takes their main unit to ~90 %. */
  private promotionMultipliers(traffic: TrafficModel): Map<number, number> {
    const regions = this.fleet.clientRegions.map((region, r) => ({ region, r, rank: uniform(this.seed, 0x9a0, r) }));
    regions.sort((a, b) => a.rank - b.rank);
    const result = new Map<number, number>();
    for (const { region, r } of regions.slice(0, Math.max(1, Math.floor(regions.length / 2)))) {
      const routes = Object.entries(this.fleet.routing[region.id] ?? {}).sort((a, b) => b[1] - a[1]);
      const main = routes[0];
      const u = main ? this.unitIndex.get(main[0]) : undefined;
      if (!main || u === undefined) continue;
      const profile = this.profiles[u]!;
      const share = Math.min(1, (traffic.typicalLoad(r, 21.5) * main[1]) / profile.typicalPeakRps);
      // Only the load-driven part of the binding resource grows with traffic; its idle part does not.
      const idle = profile.coefficients[profile.bindingResource].idle;
      const loadRatio = (PROMOTION_TARGET_UTILISATION - idle) / (profile.peakUtilisation - idle);
      const multiplier = 1 + (loadRatio - 1) / Math.max(share, 0.2);
      result.set(r, Math.min(2.5, Math.max(1.05, multiplier)));
    }
    return result;
  }
}

const METRIC_CODES = new Map(UNIT_METRICS.map((m) => [m, hashString(m)]));

function metricCode(metric: UnitMetric): number {
  return METRIC_CODES.get(metric)!;
}

function pointCount(range: TimeRange): number {
  const { startMs, endMs, stepMs } = range;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || !(stepMs > 0) || endMs < startMs) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `time range needs finite start ≤ end and a positive step (got start ${startMs}, end ${endMs}, step ${stepMs})`,
      { range },
    );
  }
  const count = Math.floor((endMs - startMs) / stepMs) + 1;
  if (count > MAX_RANGE_POINTS) {
    throw new HeadroomError('INPUT_INVALID', `time range has ${count} points; at most ${MAX_RANGE_POINTS} allowed`, {
      range,
    });
  }
  return count;
}
