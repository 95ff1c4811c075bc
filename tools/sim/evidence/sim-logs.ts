// Logs of the simulated fleet behind the LogSource contract: generated minute by minute, newest
// first, from the same faults and metrics as the simulated telemetry.
import type { EvidenceResult, LogLine, LogQuery, LogSource } from '../../sources/evidence.js';
import { LOG_NARROWING, levelAtLeast, logQueryProblem, truncation, unknown } from '../../sources/evidence-query.js';
import type { SimulatedFleet } from '../simulated-fleet.js';
import { ConditionsCache } from './conditions.js';
import { DeploySchedule } from './deploy-schedule.js';
import { linesOfMinute } from './log-lines.js';
import { MINUTE_MS } from './services.js';

/** After the limit is reached, matching lines are still counted up to this many for the total. */
const COUNT_CAP = 50_000;

export class SimulatedLogSource implements LogSource {
  readonly kind = 'simulated';
  private readonly deploys: DeploySchedule;

  constructor(private readonly sim: SimulatedFleet) {
    this.deploys = new DeploySchedule(sim);
  }

  async search(query: LogQuery): Promise<EvidenceResult<LogLine[]>> {
    const tried = `simulated logs of ${query.workUnit}`;
    const problem = logQueryProblem(query);
    if (problem) return unknown(problem, tried);
    const unit = this.sim.fleet.workUnits.find((u) => u.id === query.workUnit);
    if (!unit) return unknown(`${query.workUnit} is not a work unit of this fleet`, tried);
    const needle = query.contains?.toLowerCase();
    const matches = (l: LogLine) =>
      l.timeMs >= query.range.startMs &&
      l.timeMs <= query.range.endMs &&
      (query.service === undefined || l.service === query.service) &&
      levelAtLeast(l.level, query.minLevel) &&
      (needle === undefined || l.message.toLowerCase().includes(needle));

    const conditions = new ConditionsCache(this.sim, unit.id);
    const shown: LogLine[] = [];
    let total = 0;
    let complete = true;
    const first = Math.floor(query.range.startMs / MINUTE_MS) * MINUTE_MS;
    for (
      let minuteMs = Math.floor(query.range.endMs / MINUTE_MS) * MINUTE_MS;
      minuteMs >= first;
      minuteMs -= MINUTE_MS
    ) {
      if (minuteMs < this.sim.dataStartMs) break;
      const lines = linesOfMinute(this.sim.seed, unit, minuteMs, conditions.at(minuteMs), this.deploys)
        .filter(matches)
        .sort((a, b) => b.timeMs - a.timeMs);
      for (const l of lines) {
        if (shown.length < query.limit) shown.push(l);
        total++;
      }
      if (total >= COUNT_CAP) {
        complete = minuteMs === first;
        break;
      }
    }
    if (total <= shown.length) return { status: 'ok', value: shown };
    return {
      status: 'ok',
      value: shown,
      truncated: truncation(shown.length, complete ? total : null, 'lines', LOG_NARROWING, total),
    };
  }
}
