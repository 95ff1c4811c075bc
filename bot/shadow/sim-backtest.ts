// The backtest on the simulated fleet: for each scenario file, one shadow poll at its instant (every
// unit's verdict), the plan for each unit whose verdict is failover (replayed before it would be
// posted), and that plan followed in the simulator for the next hour.
import { openRuntime } from '../app/runtime.js';
import { evaluateFleet } from '../core/evaluate.js';
import { failoverReport } from '../core/failover.js';
import { type FollowedTarget, followInSimulator } from './sim-follow.js';

export interface SimScenarioResult {
  scenario: string;
  at: string;
  verdicts: Record<string, string>;
  plans: {
    workUnit: string;
    feasible: boolean;
    movedLoad: number;
    shedRequired: number;
    targets: {
      workUnit: string;
      load: number;
      lastResort: boolean;
      replayed: { peakUtilisation: number; p95Ms: number; errorRate: number; distress: boolean } | null;
      followed: FollowedTarget;
    }[];
  }[];
  /** A target the followed plan drives into distress in the simulator. */
  secondIncident: boolean;
}

export async function simBacktest(file: string, historyDays: number): Promise<SimScenarioResult> {
  const rt = await openRuntime({ scenario: file, historyDays }, {});
  try {
    const status = await evaluateFleet(rt.core, rt.atMs);
    const plans: SimScenarioResult['plans'] = [];
    for (const unit of status.workUnits.filter((u) => u.verdict.verdict === 'failover')) {
      const report = await failoverReport(rt.core, unit.id, rt.atMs, status);
      const followed = followInSimulator(rt.config.fleet, rt.sim, report.plan, unit.id, rt.atMs);
      plans.push({
        workUnit: unit.id,
        feasible: report.plan.feasible,
        movedLoad: report.plan.movedLoad,
        shedRequired: report.plan.shedRequired,
        targets: report.plan.targets.map((t, i) => {
          const o = report.plan.replay?.targets.find((x) => x.workUnit === t.workUnit);
          return {
            workUnit: t.workUnit,
            load: t.load,
            lastResort: t.lastResort !== undefined,
            replayed: o
              ? { peakUtilisation: o.peakUtilisation, p95Ms: o.p95Ms, errorRate: o.errorRate, distress: o.distress }
              : null,
            followed: followed[i]!,
          };
        }),
      });
    }
    return {
      scenario: file,
      at: new Date(rt.atMs).toISOString(),
      verdicts: Object.fromEntries(status.workUnits.map((u) => [u.id, u.verdict.verdict])),
      plans,
      secondIncident: plans.some((p) => p.targets.some((t) => t.followed.distress)),
    };
  } finally {
    rt.close();
  }
}
