import { parseArgs } from 'node:util';
import type { ScenarioResult } from '../../../analytics/backtest/backtest.js';
import { HeadroomError } from '../../../analytics/errors.js';
import type { CliCommand } from '../command.js';
import { parseAtOption } from '../options.js';

export const backtestCommand: CliCommand = {
  name: 'backtest',
  summary: 'run the decision (verdict, plan, replay) over a scenario corpus and judge each plan',
  help: `Usage: headroom backtest [--corpus FILE] [--fleet FILE] [--at TIME] [--json]
       headroom backtest --sim SCENARIO.yaml [--sim …] [--history-days N] [--json]

For every scenario of the corpus: the verdicts, the plan for the unit to drain, the replayed outcome
of each target (predicted peak utilisation, p95, error rate) and what following the plan would do
under the scenario's truth — whether any target is driven into distress (a second incident) — and
every way the decision differs from the one written down for it. Exits 1 when any scenario
disagrees, so it can gate a change.

Options:
  --corpus FILE  the scenario corpus (default: test/scenarios/planning-corpus.yaml; its header
                 documents the format)
  --fleet FILE   fleet configuration (default: manifests/fleet.example.yaml)
  --at TIME      the poll instant, ISO 8601 (default 2026-03-03T21:30:00Z)
  --json         one JSON object per scenario per line, then a summary line
  --sim FILE     instead: the simulated fleet with that scenario's faults (repeatable): one shadow
                 poll at the scenario's instant, the replayed plan of every unit whose verdict is
                 failover, and that plan followed in the simulator for the next hour (its own
                 physics and thundering herd); exit 1 when a followed plan drives a target into
                 distress
  --history-days N  history the simulated run learns from (default 35)

Examples: headroom backtest --json
          headroom backtest --sim manifests/scenarios/demo.yaml --sim manifests/scenarios/herd-drain.yaml`,
  async run(ctx) {
    const { values } = parseArgs({
      args: ctx.argv,
      options: {
        corpus: { type: 'string' },
        fleet: { type: 'string' },
        at: { type: 'string' },
        json: { type: 'boolean', default: false },
        sim: { type: 'string', multiple: true },
        'history-days': { type: 'string' },
      },
      allowPositionals: false,
      strict: true,
    });
    if (values.sim && values.sim.length > 0) return runSim(ctx, values.sim, values['history-days'], values.json);
    // loaded on use: the other commands do not pay for the backtest's modules at start-up
    const [{ runScenario }, { loadFleetConfig }, { loadPlanningCorpus, PLANNING_CORPUS_FILE }, { backtestText }] =
      await Promise.all([
        import('../../../analytics/backtest/backtest.js'),
        import('../../../tools/config/load-fleet.js'),
        import('../../../tools/config/planning-corpus.js'),
        import('../../format/backtest-text.js'),
      ]);
    const fleet = loadFleetConfig(values.fleet ?? undefined).fleet;
    const corpus = values.corpus ?? PLANNING_CORPUS_FILE;
    const scenarios = loadPlanningCorpus(corpus, fleet);
    const atMs = values.at ? parseAtOption(values.at) : Date.parse('2026-03-03T21:30:00Z');
    const started = performance.now();
    const results: ScenarioResult[] = scenarios.map((s) => runScenario(fleet, s, atMs));
    const ms = performance.now() - started;
    const summary = {
      summary: true,
      scenarios: results.length,
      agreed: results.filter((r) => r.mismatches.length === 0).length,
      secondIncidents: results.filter((r) => r.secondIncident).length,
      ms: Math.round(ms),
    };
    if (values.json) {
      for (const r of results) ctx.stdout.write(`${JSON.stringify(r)}\n`);
      ctx.stdout.write(`${JSON.stringify(summary)}\n`);
    } else ctx.stdout.write(`${backtestText(results, summary)}\n`);
    return summary.agreed === summary.scenarios ? 0 : 1;
  },
};

async function runSim(
  ctx: Parameters<CliCommand['run']>[0],
  files: string[],
  historyDaysText: string | undefined,
  json: boolean,
): Promise<number> {
  const historyDays = historyDaysText === undefined ? 35 : Number(historyDaysText);
  if (!Number.isInteger(historyDays) || historyDays < 7 || historyDays > 400) {
    throw new HeadroomError('USAGE', `--history-days takes a whole number from 7 to 400, not "${historyDaysText}"`);
  }
  const [{ simBacktest }, { simBacktestText }] = await Promise.all([
    import('../../shadow/sim-backtest.js'),
    import('../../format/backtest-text.js'),
  ]);
  let incidents = 0;
  for (const file of files) {
    const result = await simBacktest(file, historyDays);
    if (result.secondIncident) incidents++;
    ctx.stdout.write(`${json ? JSON.stringify(result) : simBacktestText(result)}\n`);
  }
  const summary = { summary: true, scenarios: files.length, secondIncidents: incidents };
  ctx.stdout.write(
    json
      ? `${JSON.stringify(summary)}\n`
      : `${files.length} simulated scenario(s); ${incidents} followed plan(s) drove a target into distress\n`,
  );
  return incidents === 0 ? 0 : 1;
}
