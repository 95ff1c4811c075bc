import { parseArgs } from 'node:util';
import { runScenario, type ScenarioResult } from '../../../analytics/backtest/backtest.js';
import { loadFleetConfig } from '../../../tools/config/load-fleet.js';
import { loadPlanningCorpus, PLANNING_CORPUS_FILE } from '../../../tools/config/planning-corpus.js';
import { backtestText } from '../../format/backtest-text.js';
import type { CliCommand } from '../command.js';
import { parseAtOption } from '../options.js';

export const backtestCommand: CliCommand = {
  name: 'backtest',
  summary: 'run the decision (verdict, plan, replay) over a scenario corpus and judge each plan',
  help: `Usage: headroom backtest [--corpus FILE] [--fleet FILE] [--at TIME] [--json]

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

Example: headroom backtest --json`,
  async run(ctx) {
    const { values } = parseArgs({
      args: ctx.argv,
      options: {
        corpus: { type: 'string' },
        fleet: { type: 'string' },
        at: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: false,
      strict: true,
    });
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
