import { HeadroomError } from '../../../analytics/errors.js';
import { openRuntime } from '../../app/runtime.js';
import { sayExpired, shadowEventText } from '../../format/events-text.js';
import { iso } from '../../format/json.js';
import { shadowPoll } from '../../shadow/shadow-loop.js';
import { openStore } from '../../store/index.js';
import type { CliCommand } from '../command.js';
import { COMMON_HELP, parseAtOption, parseCommandArgs } from '../options.js';
import { fleetRuntimeOptions } from '../runtime-options.js';

export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'run the shadow loop on simulated time and print recommendations as they open, change and close',
  help: `Usage: headroom sim --scenario FILE --minutes N [--from ISO] [--poll SECONDS] [options]

Runs the shadow loop over N minutes of simulated time, polling every --poll seconds of
simulated time (default: the fleet's pollIntervalSeconds). It starts at --from, else 15 minutes
before the scenario's first fault, else at the scenario's "at". Recommendations go to the store
(--db; default an in-memory database) and are printed as they open, change and close.

${COMMON_HELP}

Example: headroom sim --scenario manifests/scenarios/demo.yaml --minutes 120`,
  async run(ctx) {
    const { values } = parseCommandArgs(
      ctx.argv,
      { minutes: { type: 'string' }, from: { type: 'string' }, poll: { type: 'string' } },
      false,
    );
    const minutes = Number(values.minutes);
    if (!values.minutes || !Number.isInteger(minutes) || minutes <= 0 || minutes > 60 * 24 * 31) {
      throw new HeadroomError('USAGE', '--minutes N is required: a whole number of simulated minutes (1 to 44640)');
    }
    const rt = await openRuntime({ ...values, ...fleetRuntimeOptions(ctx, values.db) }, ctx.env);
    const pollSeconds =
      values.poll === undefined ? rt.config.fleet.thresholds.pollIntervalSeconds : Number(values.poll);
    if (!Number.isInteger(pollSeconds) || pollSeconds < 15) {
      throw new HeadroomError('USAGE', `--poll must be a whole number of seconds ≥ 15, not "${values.poll}"`);
    }
    const firstFault = Math.min(...rt.scenario.faults.map((f) => f.startMs));
    const startMs = values.from
      ? parseAtOption(values.from, '--from')
      : Number.isFinite(firstFault) && !values.at
        ? firstFault - 15 * 60_000
        : rt.atMs;
    const store = openStore(values.db ?? ':memory:');
    try {
      sayExpired((t) => ctx.stderr.write(`${t}\n`), store.expireRecommendationsLaterThan(startMs));
      const endMs = startMs + minutes * 60_000;
      let count = 0;
      for (let atMs = startMs; atMs <= endMs; atMs += pollSeconds * 1000) {
        for (const event of await shadowPoll(rt.core, store, atMs)) {
          count++;
          ctx.stdout.write(
            values.json
              ? `${JSON.stringify({ at: iso(atMs), event: event.type, recommendation: event.recommendation })}\n`
              : `${shadowEventText(event)}\n`,
          );
        }
      }
      if (!values.json)
        ctx.stdout.write(`Simulated ${iso(startMs)} to ${iso(endMs)}: ${count} recommendation events.\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
