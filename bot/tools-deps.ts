// The bot's side of the tool registry's ToolDeps: the core, the store and the adapters, answering
// in the same JSON contracts the CLI prints (bot/format/json.ts), so a tool and the CLI agree.
import type { ClientRegionId, WorkUnitId } from '../analytics/types.js';
import type { PrometheusQueryApi, ToolDeps, WhatIfQuery } from '../tools/registry/deps.js';
import type { EvidenceSources } from '../tools/sources/evidence.js';
import type { Runtime } from './app/runtime.js';
import { capacityReport } from './core/capacity.js';
import { capacityForecast } from './core/capacity-forecast.js';
import type { Core } from './core/core.js';
import { evaluateFleet, type FleetStatus } from './core/evaluate.js';
import { failoverReport } from './core/failover.js';
import { loadOutlook } from './core/planning-input.js';
import { whatIf } from './core/whatif.js';
import { capacityJson, failoverJson, iso, num, statusJson, whatifJson } from './format/json.js';
import type { Store } from './store/index.js';

export interface ToolDepsInput {
  core: Core;
  store: Store;
  now: () => number;
  /** The organisation's Prometheus, when the fleet file configures one. */
  prometheus?: PrometheusQueryApi;
  /** Logs, traces and deploys the evidence tools read. */
  evidence?: EvidenceSources;
}

export function createToolDeps(input: ToolDepsInput): ToolDeps {
  const { core, store } = input;
  const evaluate = lastEvaluation(core);
  const deps: ToolDeps = {
    now: input.now,
    fleet: () => core.fleet,
    status: async (atMs) => statusJson(await evaluate(atMs)),
    verdictReasons: async (atMs) => {
      const status = await evaluate(atMs);
      return Object.fromEntries(
        status.workUnits.map((u) => [
          u.id,
          {
            reasons: u.verdict.reasons,
            observedAt: u.verdict.signals.map((s) => (s.observedAtMs === undefined ? null : iso(s.observedAtMs))),
          },
        ]),
      );
    },
    capacity: async (atMs, workUnit) => capacityJson(await capacityReport(core, atMs, workUnit)),
    failover: async (workUnit, atMs) => failoverJson(await failoverReport(core, workUnit, atMs, await evaluate(atMs))),
    whatIf: async (query, atMs) => whatifJson(await whatIf(core, whatIfRequest(query), atMs)),
    loadForecast: async (workUnit, atMs, horizonDays) => {
      const f = await capacityForecast(core, workUnit, atMs, horizonDays);
      return {
        workUnit,
        model: f.forecast.model,
        horizonDays,
        safeCapacity: f.safeCapacity,
        dailyPeaks: f.forecast.dailyPeaks,
        crossesAt: f.forecast.crossesAt,
        hourly: f.forecast.points,
      };
    },
    regionLoad: async (atMs) => regionLoadAt(core, await evaluate(atMs), atMs),
    recommendations: (query) =>
      store.listRecommendations(query).map((r) => ({
        id: r.id,
        workUnit: r.workUnit,
        episode: r.episode,
        revision: r.revision,
        verdict: r.verdict,
        confidence: r.confidence,
        summary: r.summary,
        openedAtMs: r.openedAtMs,
        updatedAtMs: r.updatedAtMs,
        closedAtMs: r.closedAtMs,
        resolution: r.resolution,
      })),
    decisions: (query) =>
      store.listDecisions(query).map((d) => ({
        id: d.id,
        recommendationId: d.recommendationId,
        userId: d.userId,
        atMs: d.atMs,
        kind: d.kind,
        followedRecommendation: d.followedRecommendation,
        content: d.content,
      })),
    agreement: (query) => store.agreement(query),
  };
  if (input.prometheus) deps.prometheus = input.prometheus;
  if (input.evidence) deps.evidence = input.evidence;
  return deps;
}

/** Tool deps over a composed runtime: "now" is the runtime's moment (--at, the scenario's, or the clock). */
export function toolDepsForRuntime(runtime: Runtime, store: Store, now: () => number = () => runtime.atMs): ToolDeps {
  return createToolDeps({
    core: runtime.core,
    store,
    now,
    ...(runtime.prometheus ? { prometheus: runtime.prometheus } : {}),
    evidence: runtime.evidence,
  });
}

/** One question asks several tools about the same moment: evaluate the fleet once per moment. */
function lastEvaluation(core: Core): (atMs: number) => Promise<FleetStatus> {
  let last: { atMs: number; status: Promise<FleetStatus> } | undefined;
  return (atMs) => {
    if (last?.atMs !== atMs) {
      const status = evaluateFleet(core, atMs);
      last = { atMs, status };
      // A failed evaluation is not remembered: the next call tries again.
      status.catch(() => {
        if (last?.status === status) last = undefined;
      });
    }
    return last.status;
  };
}

function whatIfRequest(query: WhatIfQuery) {
  return {
    shed: query.shed,
    at: query.at,
    ...(query.split ? { split: query.split } : {}),
    ...(query.growPct !== undefined ? { growPct: query.growPct } : {}),
    ...(query.addCapacityPct ? { addCapacityPct: query.addCapacityPct } : {}),
  };
}

/**
 * Load per client region and serving unit at atMs: the seasonal split of each unit's traffic by
 * client region (as the what-if engine plans with), scaled to the unit's measured load now.
 */
async function regionLoadAt(core: Core, status: FleetStatus, atMs: number) {
  const outlook = await loadOutlook(core, status, atMs, 1);
  const loads = outlook.regionLoadAt(atMs);
  for (const unit of status.workUnits) {
    const sum = Object.values(loads).reduce((s, row) => s + (row[unit.id] ?? 0), 0);
    if (!(sum > 0) || !Number.isFinite(unit.load)) continue;
    for (const row of Object.values(loads)) {
      const rps = row[unit.id];
      if (rps) row[unit.id] = (rps * unit.load) / sum;
    }
  }
  const out: Record<ClientRegionId, Record<WorkUnitId, number>> = {};
  for (const [region, row] of Object.entries(loads)) {
    out[region] = Object.fromEntries(Object.entries(row).map(([wu, rps]) => [wu, num(rps, 1) ?? 0]));
  }
  return out;
}
