import { openRuntime } from '../../app/runtime.js';
import { failoverReport } from '../../core/failover.js';
import { analyticsAgeJson, withAgeNote } from '../../format/analytics-age.js';
import { failoverJson } from '../../format/json.js';
import { failoverText } from '../../format/text.js';
import type { CliCommand } from '../command.js';
import { COMMON_HELP, parseCommandArgs, positional } from '../options.js';
import { writeOutput } from '../output.js';
import { fleetRuntimeOptions } from '../runtime-options.js';

const USAGE = 'headroom failover <work-unit> [options]';

export const failoverCommand: CliCommand = {
  name: 'failover',
  summary: 'plan to drain a work unit now, and whether Headroom would recommend it',
  help: `Usage: ${USAGE}

"What if we had to drain it now": the plan is computed even for a healthy unit; the verdict says
whether Headroom itself would recommend it. Targets are chosen by a min-cost flow over TTFB and
transfer cost, within each target's safe capacity minus the reserve and the thundering-herd
allowance at the forecast peak of the coming hours.

${COMMON_HELP}

Example: headroom failover eu-west-1 --scenario manifests/scenarios/demo.yaml --json`,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, {});
    const workUnit = positional(positionals, 0, 'the work unit', USAGE);
    const rt = await openRuntime({ ...values, ...fleetRuntimeOptions(ctx, values.db) }, ctx.env);
    const report = await failoverReport(rt.core, workUnit, rt.atMs);
    const age = rt.core.analyticsAge(rt.atMs);
    writeOutput(ctx, values.json, { ...failoverJson(report), analytics: analyticsAgeJson(age) }, () =>
      withAgeNote(failoverText(report), age),
    );
    return 0;
  },
};
