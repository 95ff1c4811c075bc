// What tools may reach, as one narrow interface passed in by the bot (bot/tools-deps.ts implements
// it over the core, the store and the adapters). Tools never import bot/ and never read the
// environment. Every method returns plain data; times are epoch ms chosen by the caller.
import type { ClientRegionId, Confidence, FleetModel, Verdict, WorkUnitId } from '../../analytics/types.js';
import type { InstantSample, PromResult, RangeSeries } from '../prometheus/client.js';
import type { EvidenceSources } from '../sources/evidence.js';
import type { SqlWarehouse } from '../warehouse/warehouse.js';
import type { CapacityReportData, FailoverReportData, FleetStatusData, WhatIfReportData } from './contracts.js';

/** When a what-if is evaluated: now, the next daily peak, or the daily peak in N days. */
export type WhatIfMomentQuery = { kind: 'now' } | { kind: 'next-peak' } | { kind: 'days'; days: number };

/** The same request as `headroom whatif`. */
export interface WhatIfQuery {
  shed: WorkUnitId[];
  split?: Record<WorkUnitId, number>;
  growPct?: number;
  addCapacityPct?: Record<WorkUnitId, number>;
  at: WhatIfMomentQuery;
}

export interface LoadForecastData {
  workUnit: WorkUnitId;
  model: string;
  horizonDays: number;
  safeCapacity: number;
  /** Daily peaks (rps) from tomorrow on, P50 and P90, UTC dates. */
  dailyPeaks: { date: string; p50: number; p90: number }[];
  /** First date whose P90 peak exceeds safe capacity; null when none does. */
  crossesAt: string | null;
  /** Hourly forecast (rps) with its P10–P90 interval, ISO hour. */
  hourly: { t: string; yhat: number; lo: number; hi: number }[];
}

export interface RecommendationData {
  id: number;
  workUnit: WorkUnitId;
  episode: string;
  revision: number;
  verdict: Verdict;
  confidence: Confidence;
  summary: string;
  openedAtMs: number;
  updatedAtMs: number;
  closedAtMs: number | null;
  resolution: string | null;
}

export interface DecisionData {
  id: number;
  recommendationId: number;
  userId: string;
  atMs: number;
  kind: string;
  followedRecommendation: boolean;
  content: object;
}

export interface AgreementData {
  decisions: number;
  followed: number;
  /** followed / decisions; null when there are no decisions. */
  rate: number | null;
}

/** The part of the Prometheus HTTP API query_prometheus uses (tools/prometheus/client.ts). */
export interface PrometheusQueryApi {
  instant(query: string, atMs: number): Promise<PromResult<InstantSample[]>>;
  range(query: string, startMs: number, endMs: number, stepMs: number): Promise<PromResult<RangeSeries[]>>;
}

/** One incident as get_incident returns it (bot/format/incident-text.ts incidentJson, with its postmortem). */
export interface IncidentData {
  id: number;
  workUnit: WorkUnitId;
  state: string;
  [key: string]: unknown;
}

export interface ToolDeps {
  /** The moment every tool means by "now" (the fleet's clock; fixed in tests and simulations). */
  now(): number;
  /** The fleet as configured: units, client regions, routing weights, TTFB, prices, thresholds. */
  fleet(): FleetModel;
  /** One poll: load, safe capacity, headroom, verdict and signals per unit (statusJson). */
  status(atMs: number): Promise<FleetStatusData>;
  /** Reasons behind each unit's verdict, and when each signal was observed. */
  verdictReasons(atMs: number): Promise<Record<WorkUnitId, { reasons: string[]; observedAt: (string | null)[] }>>;
  /** Baselines and headroom now and at the next daily peak, for one unit or all (capacityJson). */
  capacity(atMs: number, workUnit?: WorkUnitId): Promise<CapacityReportData>;
  /** The failover plan for draining one unit now, and whether Headroom would (failoverJson). */
  failover(workUnit: WorkUnitId, atMs: number): Promise<FailoverReportData>;
  /** The what-if engine (whatifJson). */
  whatIf(query: WhatIfQuery, atMs: number): Promise<WhatIfReportData>;
  /** Forecast of a unit's load over horizonDays (fitted models), with the crossing date. */
  loadForecast(workUnit: WorkUnitId, atMs: number, horizonDays: number): Promise<LoadForecastData>;
  /** Load (rps) per client region and serving unit at atMs (current routing). */
  regionLoad(atMs: number): Promise<Record<ClientRegionId, Record<WorkUnitId, number>>>;
  recommendations(query: { open?: boolean; workUnit?: WorkUnitId; limit: number }): RecommendationData[];
  decisions(query: { recommendationId?: number; sinceMs?: number; limit: number }): DecisionData[];
  agreement(query: { sinceMs?: number }): AgreementData;
  /** Absent when the fleet file configures no Prometheus. */
  prometheus?: PrometheusQueryApi;
  /** Logs, traces and deploys; each member absent when not configured. */
  evidence?: EvidenceSources;
  /**
   * Incidents: one by id, or the newest of a unit, with its timeline and postmortem; evidence ids
   * resolve within it. Absent where no incidents are kept.
   */
  incident?(query: { id?: number; workUnit?: WorkUnitId; evidenceId?: string }): IncidentData | null;
  /** Long-horizon hourly history (evidence.warehouse); absent when not configured. */
  warehouse?: SqlWarehouse;
}
