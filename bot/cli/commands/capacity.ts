import { openRuntime } from '../../app/runtime.js';
import { capacityReport } from '../../core/capacity.js';
import { capacityJson } from '../../format/json.js';
import { capacityText } from '../../format/text.js';
import type { CliCommand } from '../command.js';
import { COMMON_HELP, parseCommandArgs } from '../options.js';
import { writeOutput } from '../output.js';

export const capacityCommand: CliCommand = {
  name: 'capacity',
  summary: 'capacity baselines (binding resource, safe load, evidence) and headroom now and at the next peak',
  help: `Usage: headroom capacity [<work-unit>] [options]

Safe capacity is 80 % of the highest load observed healthy (extrapolated from the binding
resource's fit when history never came near its limit; the confidence says so).

${COMMON_HELP}

Example: headroom capacity ap-south-1 --json`,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, {});
    const rt = await openRuntime(values, ctx.env);
    const report = await capacityReport(rt.core, rt.atMs, positionals[0]);
    writeOutput(ctx, values.json, capacityJson(report), () => capacityText(report));
    return 0;
  },
};
