// Domain types shared by every layer. Plain data only: no classes, no I/O.

import type { Confidence, Resource, SignalSourceName, SignalStatus, UnitState, Verdict } from './vocabulary.js';

export type WorkUnitId = string;
export type ClientRegionId = string;

// The closed vocabularies live in vocabulary.ts; re-exported here for the many modules that read them with the domain types.
export {
  CONFIDENCES,
  type Confidence,
  RESOURCES,
  type Resource,
  SIGNAL_SOURCES,
  SIGNAL_STATUSES,
  type SignalSourceName,
  type SignalStatus,
  type UnitState,
  VERDICTS,
  type Verdict,
} from './vocabulary.js';

/** Metrics every telemetry source provides per work unit. */
export const UNIT_METRICS = [
  'load', // requests per second served
  'cpu', // utilisation 0..1
  'memory', // utilisation 0..1
  'connections', // open connections (count)
  'network', // Mbit/s
  'errorRate', // 0..1 of requests
  'latencyP95', // ms
] as const;
export type UnitMetric = (typeof UNIT_METRICS)[number];

export interface WorkUnit {
  id: WorkUnitId;
  cloudRegion: string;
  timezone: string;
  state: UnitState;
  /** Absolute limits for the resources not measured as a 0..1 utilisation. */
  limits: { connections: number; networkMbps: number };
  /** Declared capacity (rps), used only when history cannot establish one (e.g. a cold standby). */
  capacityHintRps?: number;
}

export interface ClientRegion {
  id: ClientRegionId;
  timezone: string;
  /** Share of global traffic, 0..1; shares sum to 1. */
  trafficShare: number;
}

export interface LatencyPair {
  p50: number;
  p95: number;
}

export interface Thresholds {
  headroomWarning: number; // 0.2
  reserveAfterFailover: number; // fraction of safe capacity kept free on every target
  safeLoadFactor: number; // 0.8 (the seed rule)
  pollIntervalSeconds: number; // 300
  signalFreshnessSeconds: number; // older samples are stale
  errorRateFiring: number;
  latencyP95FiringMs: number;
  utilisationFiring: number;
  connectionDropRatio: number; // connections below (1 - ratio) x seasonal norm -> firing
  planningHorizonHours: number; // forecast peak of the coming hours
  herdFactorWarm: number; // extra load as a fraction of the moved load, on a warm target
  herdFactorCold: number; // the same on a cold target
  stageMaxShareOfTarget: number; // larger moves are staged
  stageIntervalMinutes: number;
}

export interface FleetModel {
  name: string;
  workUnits: WorkUnit[];
  clientRegions: ClientRegion[];
  /** routing[clientRegion][workUnit] = weight; weights of one client region sum to 1. */
  routing: Record<ClientRegionId, Record<WorkUnitId, number>>;
  /** ttfb[clientRegion][workUnit] */
  ttfb: Record<ClientRegionId, Record<WorkUnitId, LatencyPair>>;
  /** transferCostPerGb[workUnit][clientRegion]: egress price of serving that client region from that unit. */
  transferCostPerGb: Record<WorkUnitId, Record<ClientRegionId, number>>;
  avgResponseKb: number;
  /** Weights of the planner's objective: ms of TTFB p95 vs $ per hour. */
  objective: { latencyWeight: number; costWeight: number };
  thresholds: Thresholds;
}

/** A regular time series: values[i] is at startMs + i * stepMs; NaN = no sample. */
export interface Series {
  startMs: number;
  stepMs: number;
  values: Float64Array;
}

export interface TimeRange {
  startMs: number;
  endMs: number; // inclusive
  stepMs: number;
}

export interface LatestSample {
  value: number;
  sampleMs: number;
}

// ---- signals and verdicts ----

export interface Signal {
  source: SignalSourceName;
  status: SignalStatus;
  detail: string;
  /** When the underlying datum was observed; undefined when nothing was observed. */
  observedAtMs?: number;
  /**
   * The measurements this judgement rests on (its lineage), e.g. ['telemetry'] for the unit's
   * metrics store or ['edge-probes'] for an edge agent's own probes. Sources resting on the same
   * measurement count once toward consensus. Absent: the source's own default (see lineage.ts).
   */
  measures?: string[];
}

export interface UnitVerdict {
  workUnit: WorkUnitId;
  verdict: Verdict;
  confidence: Confidence;
  signals: Signal[];
  reasons: string[];
}

// ---- capacity ----

export interface PeakEvidence {
  atMs: number;
  load: number;
  utilisation: number; // of the binding resource
}

export interface CapacityBaseline {
  workUnit: WorkUnitId;
  bindingResource: Resource;
  /** Load (rps) at which the binding resource reaches its limit. */
  saturationLoad: number;
  /** Highest load observed while healthy. */
  maxHealthyLoad: number;
  safeCapacity: number;
  extrapolated: boolean;
  confidence: Confidence;
  evidence: PeakEvidence[];
  /** Load at which each resource reaches its limit (Infinity when it never would). */
  saturationByResource: Record<Resource, number>;
  /**
   * The learned utilisation (0..1) of each resource against load, and the 15-minute slots of the UTC
   * day (0..95) when periodic work (a nightly backup) lifts it above that line; null where history
   * allowed no fit.
   */
  utilisationFit: Record<
    Resource,
    {
      intercept: number;
      slope: number;
      periodicSlots: number[];
      /** Typical absolute residual around the line (1.4826 × median |residual|); absent in older baselines. */
      spread?: number;
    } | null
  >;
  /** The learned load→latency/error response, for judging capacity from per-request metrics; absent when history allowed none. */
  response?: UnitResponseFit;
  notes: string[];
}

/**
 * How a unit's per-request metrics respond to the pressure on its binding resource (its
 * utilisation relative to the capacity it has): latency p95 = base × (1 + gain × u/(1−u)) (queueing,
 * continued linearly past u = 0.98), error rate = base + the near-limit growth of unit-response.ts.
 */
export interface UnitResponseFit {
  latencyBaseMs: number;
  latencyQueueGain: number;
  /** Typical relative residual of latency around the curve. */
  latencySpread: number;
  errorBase: number;
  /** Typical absolute residual of the error rate around its base. */
  errorSpread: number;
}
