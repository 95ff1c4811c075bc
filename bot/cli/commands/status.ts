import { openRuntime } from '../../app/runtime.js';
import { evaluateFleet } from '../../core/evaluate.js';
import { analyticsAgeJson, withAgeNote } from '../../format/analytics-age.js';
import { statusJson } from '../../format/json.js';
import { statusText } from '../../format/text.js';
import type { CliCommand } from '../command.js';
import { COMMON_HELP, parseCommandArgs } from '../options.js';
import { writeOutput } from '../output.js';
import { fleetRuntimeOptions } from '../runtime-options.js';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'health verdict, load, safe capacity and headroom of every work unit',
  help: `Usage: headroom status [options]

Evaluates every work unit once: signals, consensus verdict, load, safe capacity, headroom.

${COMMON_HELP}

Example: headroom status --scenario manifests/scenarios/demo.yaml --json`,
  async run(ctx) {
    const { values } = parseCommandArgs(ctx.argv, {}, false);
    const rt = await openRuntime({ ...values, ...fleetRuntimeOptions(ctx, values.db) }, ctx.env);
    const status = await evaluateFleet(rt.core, rt.atMs);
    const age = rt.core.analyticsAge(rt.atMs);
    writeOutput(ctx, values.json, { ...statusJson(status), analytics: analyticsAgeJson(age) }, () =>
      withAgeNote(statusText(status), age),
    );
    return 0;
  },
};
