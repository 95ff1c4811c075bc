// A backtest scenario is the truth of a fleet at one poll. From it come both what Headroom would
// observe (a snapshot: baselines learned while healthy, the newest samples, served load per client
// region, signals) and the truth models a plan is judged against afterwards.
import type { RegionLoad } from '../served-load.js';
import type {
  CapacityBaseline,
  FleetModel,
  Signal,
  SignalSourceName,
  UnitResponseFit,
  Verdict,
  WorkUnitId,
} from '../types.js';
import { SIGNAL_SOURCES } from '../types.js';
import { errorRateAt, latencyAt } from '../unit-response.js';

export interface UnitTruth {
  /** Healthy limit × this (default 1). */
  capacity?: number;
  capacityLoss?: number;
  /** Latency × this now (a recent slowdown history has not seen). */
  latencyFactor?: number;
  /** The unit's latency p95 at no load, as history knows it (default 100 ms). */
  latencyBaseMs?: number;
  /** Added to the error rate. */
  errorRate?: number;
  stale?: boolean;
}

export interface PlanExpectation {
  notTargets?: WorkUnitId[];
  targetsInclude?: WorkUnitId[];
  lastResort?: WorkUnitId[];
  movedAtLeast?: number;
  feasible?: boolean;
}

export interface Scenario {
  name: string;
  why?: string;
  totalRps: number;
  peakFactor?: number;
  units?: Record<WorkUnitId, UnitTruth>;
  earlierMoves?: { from: WorkUnitId; to: WorkUnitId; fraction: number }[];
  /** Firing sources per unit: "source" or "source:measurement". */
  signals?: Record<WorkUnitId, string[]>;
  planFor?: WorkUnitId;
  expect: { verdicts?: Record<WorkUnitId, Verdict>; plan?: PlanExpectation };
}

/** What Headroom sees of one unit at the poll. */
export interface UnitObservation {
  load: number;
  utilisation: { cpu: number; memory: number; network: number };
  latencyP95: number;
  errorRate: number;
  /** Telemetry fresh enough to judge. */
  fresh: boolean;
}

export interface Snapshot {
  fleet: FleetModel;
  atMs: number;
  baselines: Record<WorkUnitId, CapacityBaseline>;
  observed: Record<WorkUnitId, UnitObservation>;
  servedByRegion: RegionLoad;
  unitPeakLoad: Record<WorkUnitId, number>;
  signals: Record<WorkUnitId, Signal[]>;
}

/** The physics a plan is judged against: the unit as it really is now. */
export interface TruthModel {
  intercept: number;
  slope: number;
  kept: number;
  latencyFactor: number;
  errorAdded: number;
  response: UnitResponseFit;
}

/** Default healthy limit: this × the unit's routed load at DESIGN_RPS of global traffic. */
const HEADROOM_DESIGN = 2.2;
const DESIGN_RPS = 100_000;
const IDLE_CPU = 0.1;
const IDLE_MEMORY = 0.1;
const NETWORK_SHARE = 0.3;
const LATENCY_BASE_MS = 100;
const ERROR_BASE = 0.002;
/** Fallback healthy limit (rps) of a unit that routing gives nothing (a cold standby). */
const STANDBY_LIMIT = 12_500;

function routedLoad(fleet: FleetModel, unit: WorkUnitId, totalRps: number): number {
  return fleet.clientRegions.reduce((s, r) => s + totalRps * r.trafficShare * (fleet.routing[r.id]?.[unit] ?? 0), 0);
}

/** Load at which the unit's cpu reaches the utilisation threshold, while healthy. */
function healthyLimit(fleet: FleetModel, unit: WorkUnitId, truth: UnitTruth): number {
  const routed = routedLoad(fleet, unit, DESIGN_RPS);
  return (routed > 0 ? HEADROOM_DESIGN * routed : STANDBY_LIMIT) * (truth.capacity ?? 1);
}

export function truthModels(fleet: FleetModel, scenario: Scenario): Record<WorkUnitId, TruthModel> {
  const t = fleet.thresholds;
  return Object.fromEntries(
    fleet.workUnits.map((u) => {
      const truth = scenario.units?.[u.id] ?? {};
      const limit = healthyLimit(fleet, u.id, truth);
      return [
        u.id,
        {
          intercept: IDLE_CPU,
          slope: (t.utilisationFiring - IDLE_CPU) / limit,
          kept: 1 - (truth.capacityLoss ?? 0),
          latencyFactor: truth.latencyFactor ?? 1,
          errorAdded: truth.errorRate ?? 0,
          response: {
            latencyBaseMs: truth.latencyBaseMs ?? LATENCY_BASE_MS,
            latencyQueueGain: 0.15,
            latencySpread: 0.02,
            errorBase: ERROR_BASE,
            errorSpread: 0.0005,
          },
        },
      ];
    }),
  );
}

export function truthAt(m: TruthModel, load: number) {
  const pressure = (m.intercept + m.slope * load) / m.kept;
  return {
    pressure,
    p95Ms: latencyAt(m.response, pressure) * m.latencyFactor,
    errorRate: Math.min(1, errorRateAt(m.response, pressure) + m.errorAdded),
  };
}

/** Served load per client region and unit now: the routing, then the earlier moves. */
function servedLoad(fleet: FleetModel, scenario: Scenario): RegionLoad {
  const out: RegionLoad = {};
  for (const r of fleet.clientRegions) {
    const row: Record<WorkUnitId, number> = {};
    for (const [wu, w] of Object.entries(fleet.routing[r.id] ?? {})) row[wu] = scenario.totalRps * r.trafficShare * w;
    out[r.id] = row;
  }
  for (const move of scenario.earlierMoves ?? []) {
    for (const row of Object.values(out)) {
      const moved = (row[move.from] ?? 0) * move.fraction;
      if (!(moved > 0)) continue;
      row[move.from] = (row[move.from] ?? 0) - moved;
      row[move.to] = (row[move.to] ?? 0) + moved;
    }
  }
  return out;
}

/** What Headroom observes at the poll, from the truth. */
export function snapshotOf(fleet: FleetModel, scenario: Scenario, atMs: number): Snapshot {
  const truths = truthModels(fleet, scenario);
  const served = servedLoad(fleet, scenario);
  const peakFactor = scenario.peakFactor ?? 1.1;
  const baselines: Snapshot['baselines'] = {};
  const observed: Snapshot['observed'] = {};
  const unitPeakLoad: Snapshot['unitPeakLoad'] = {};
  const signals: Snapshot['signals'] = {};
  for (const u of fleet.workUnits) {
    const m = truths[u.id]!;
    const load = Object.values(served).reduce((s, row) => s + (row[u.id] ?? 0), 0);
    const stale = scenario.units?.[u.id]?.stale === true;
    baselines[u.id] = learnedBaseline(u.id, m, fleet);
    const now = truthAt(m, load);
    const saturation = 1 / m.slope;
    observed[u.id] = {
      load,
      utilisation: {
        // an exporter reports at most 100 %
        cpu: Math.min(1, now.pressure),
        memory: Math.min(1, (IDLE_MEMORY + (0.5 * load) / saturation) / m.kept),
        network: Math.min(1, (NETWORK_SHARE * load) / saturation / m.kept),
      },
      latencyP95: now.p95Ms,
      errorRate: now.errorRate,
      fresh: !stale,
    };
    unitPeakLoad[u.id] = load * peakFactor;
    signals[u.id] = signalsOf(scenario.signals?.[u.id] ?? [], stale, atMs);
  }
  return { fleet, atMs, baselines, observed, servedByRegion: served, unitPeakLoad, signals };
}

/** The baseline history would have taught while the unit was healthy (capacity loss is recent). */
function learnedBaseline(id: WorkUnitId, m: TruthModel, fleet: FleetModel): CapacityBaseline {
  const t = fleet.thresholds;
  const limit = (t.utilisationFiring - m.intercept) / m.slope;
  const maxHealthyLoad = 0.9 * limit;
  const saturation = (1 - m.intercept) / m.slope;
  const memorySlope = 0.5 * m.slope;
  const networkSlope = NETWORK_SHARE * m.slope;
  return {
    workUnit: id,
    bindingResource: 'cpu',
    saturationLoad: saturation,
    maxHealthyLoad,
    safeCapacity: t.safeLoadFactor * maxHealthyLoad,
    extrapolated: false,
    confidence: 'high',
    evidence: [],
    saturationByResource: {
      cpu: saturation,
      memory: (1 - IDLE_MEMORY) / memorySlope,
      connections: Number.POSITIVE_INFINITY,
      network: 1 / networkSlope,
    },
    utilisationFit: {
      cpu: { intercept: m.intercept, slope: m.slope, periodicSlots: [], spread: 0.01 },
      memory: { intercept: IDLE_MEMORY, slope: memorySlope, periodicSlots: [], spread: 0.01 },
      connections: null,
      network: { intercept: 0, slope: networkSlope, periodicSlots: [], spread: 0.01 },
    },
    response: { ...m.response },
    notes: [],
  };
}

const OBSERVED_SOURCES = SIGNAL_SOURCES.filter((s) => s !== 'operator');

function signalsOf(firing: string[], stale: boolean, atMs: number): Signal[] {
  const parsed = firing.map((f) => {
    const [source, measurement] = f.split(':') as [SignalSourceName, string | undefined];
    return { source, measurement };
  });
  const out: Signal[] = [];
  for (const source of OBSERVED_SOURCES) {
    const fire = parsed.find((p) => p.source === source);
    if (stale) {
      out.push({ source, status: 'unknown', detail: 'stale: no fresh data' });
    } else if (fire) {
      const signal: Signal = { source, status: 'firing', detail: `${source} fires`, observedAtMs: atMs };
      if (fire.measurement) signal.measures = [fire.measurement];
      out.push(signal);
    } else out.push({ source, status: 'ok', detail: `${source} ok`, observedAtMs: atMs });
  }
  const operator = parsed.find((p) => p.source === 'operator');
  if (operator && !stale)
    out.push({ source: 'operator', status: 'firing', detail: 'operator report', observedAtMs: atMs });
  return out;
}
