import type { PlanReplay } from '../replay.js';
import type { ClientRegionId, FleetModel, WorkUnitId } from '../types.js';

/** Everything the planner needs, already gathered and forecast by the caller. */
export interface PlanInput {
  fleet: FleetModel;
  /** Units whose traffic must move elsewhere (one for a failover; several for a what-if shed). */
  drain: WorkUnitId[];
  /**
   * Load (rps) per client region and work unit at the planning moment: the forecast peak of the
   * coming hours. Only the drained units' entries are moved; the rest describe the targets.
   */
  regionLoad: Record<ClientRegionId, Record<WorkUnitId, number>>;
  /** Forecast peak load (rps) of every unit over the planning horizon, before any move. */
  unitPeakLoad: Record<WorkUnitId, number>;
  safeCapacity: Record<WorkUnitId, number>;
  /** Units that must not receive traffic, with the reason (e.g. "verdict unknown: telemetry stale"). */
  excluded?: Record<WorkUnitId, string>;
  /**
   * Degraded units (active capacity loss, a verdict other than healthy, an open recommendation of
   * their own…), with the reason: kept out while a plan without them exists, used only for what no
   * clean target can take, and then named as a last resort with the reason.
   */
  lastResort?: Record<WorkUnitId, string>;
  /** Most moved load (rps) a unit may receive whatever its safe capacity says, and why (set by the replay). */
  maxMovedLoad?: Record<WorkUnitId, { load: number; reason: string }>;
  /** What the caller knows about the input that the plan should say (e.g. routing used as a fallback). */
  inputNotes?: string[];
  /** Operator-forced split of the moved traffic: work unit -> share (sums to 1). */
  forcedSplit?: Record<WorkUnitId, number>;
}

export interface PlanTarget {
  workUnit: WorkUnitId;
  /** Share of the moved load, 0..1; shares sum to 1 when the plan is feasible. */
  share: number;
  load: number;
  /** Headroom at the forecast peak after the move (including the reserve, excluding the herd). */
  headroomAfter: number;
  /** Load-weighted change of TTFB p95 for the moved clients, ms. */
  ttfbP95DeltaMs: number;
  coldStart: boolean;
  byClientRegion: Record<ClientRegionId, number>;
  /** Set when the target is degraded and used only because no plan without it exists: why, and the risk. */
  lastResort?: string;
}

export interface PlanStage {
  step: number;
  atOffsetMinutes: number;
  /** Cumulative share of each target's final load reached after this stage. */
  cumulativeFraction: number;
  moves: { workUnit: WorkUnitId; load: number }[];
  description: string;
}

export interface RejectedCandidate {
  workUnit: WorkUnitId;
  reason: string;
}

export interface Plan {
  feasible: boolean;
  drained: WorkUnitId[];
  movedLoad: number;
  targets: PlanTarget[];
  /**
   * $/h of serving the placed traffic from its targets minus serving the same traffic from the
   * drained units (shed traffic is left out of both sides, so a shed never looks like a saving).
   */
  costPerHourDelta: number;
  stages: PlanStage[];
  /** Load (rps) that cannot be placed anywhere within safe capacity minus reserve and herd. */
  shedRequired: number;
  rejected: RejectedCandidate[];
  notes: string[];
  /** The predicted outcome per target of following the plan (set by planWithReplay). */
  replay?: PlanReplay;
}
