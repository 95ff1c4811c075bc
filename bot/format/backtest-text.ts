import type { ScenarioResult } from '../../analytics/backtest/backtest.js';
import type { SimScenarioResult } from '../shadow/sim-backtest.js';
import { pct, rps } from './figures.js';

/** The backtest for a terminal: one block per scenario, then the totals. */
export function backtestText(
  results: ScenarioResult[],
  summary: { scenarios: number; agreed: number; secondIncidents: number; ms: number },
): string {
  const lines: string[] = [];
  for (const r of results) {
    const notHealthy = Object.entries(r.verdicts).filter(([, v]) => v !== 'healthy');
    const verdicts = notHealthy.length > 0 ? notHealthy.map(([id, v]) => `${id} ${v}`).join(', ') : 'all healthy';
    lines.push(`${r.mismatches.length === 0 ? 'agree   ' : 'DISAGREE'} ${r.name}: ${verdicts}`);
    if (r.plan) {
      const head = r.plan.feasible ? 'feasible' : `NOT feasible, shed ${rps(r.plan.shedRequired)}`;
      lines.push(
        `  plan for ${r.drained}: move ${rps(r.plan.movedLoad)}, ${head}${r.plan.replayRounds > 0 ? `, re-planned ${r.plan.replayRounds}× after the replay` : ''}`,
      );
      for (const t of r.plan.targets) {
        const replayed = t.replayed
          ? `replayed ${pct(t.replayed.peakUtilisation)} p95 ${Math.round(t.replayed.p95Ms)} ms`
          : 'not replayed';
        const actual = `actual ${pct(t.actual.peakUtilisation)} p95 ${Math.round(t.actual.p95Ms)} ms errors ${(100 * t.actual.errorRate).toFixed(1)} %`;
        lines.push(
          `    → ${t.workUnit.padEnd(15)} ${rps(t.load).padStart(10)}  ${replayed}; ${actual}${t.actual.distress ? '  DISTRESS' : ''}${t.lastResort ? '  (last resort)' : ''}`,
        );
      }
    }
    for (const m of r.mismatches) lines.push(`  ✗ ${m}`);
  }
  lines.push(
    `${summary.agreed}/${summary.scenarios} scenarios agree; ${summary.secondIncidents} plan(s) would cause a second incident; ${summary.ms} ms`,
  );
  return lines.join('\n');
}

/** One simulated scenario: verdicts that are not healthy, each plan, replayed vs followed per target. */
export function simBacktestText(r: SimScenarioResult): string {
  const notHealthy = Object.entries(r.verdicts).filter(([, v]) => v !== 'healthy');
  const lines = [
    `${r.secondIncident ? 'SECOND INCIDENT' : 'ok'} ${r.scenario} at ${r.at}: ${notHealthy.length > 0 ? notHealthy.map(([id, v]) => `${id} ${v}`).join(', ') : 'all healthy'}`,
  ];
  for (const p of r.plans) {
    lines.push(
      `  plan for ${p.workUnit}: move ${rps(p.movedLoad)}, ${p.feasible ? 'feasible' : `NOT feasible, shed ${rps(p.shedRequired)}`}`,
    );
    for (const t of p.targets) {
      const replayed = t.replayed
        ? `replayed ${pct(t.replayed.peakUtilisation)} p95 ${Math.round(t.replayed.p95Ms)} ms`
        : 'not replayed';
      const f = t.followed;
      lines.push(
        `    → ${t.workUnit.padEnd(15)} ${rps(t.load).padStart(10)}  ${replayed}; followed in the simulator: peak ${pct(f.peakUtilisation)} p95 ${Math.round(f.p95Ms)} ms errors ${(100 * f.errorRate).toFixed(1)} %${f.distress ? '  DISTRESS' : ''}${t.lastResort ? '  (last resort)' : ''}`,
      );
    }
  }
  return lines.join('\n');
}
