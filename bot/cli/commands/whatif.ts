import { HeadroomError } from '../../../analytics/errors.js';
import { openRuntime } from '../../app/runtime.js';
import { parseMoment, whatIf } from '../../core/whatif.js';
import { analyticsAgeJson, withAgeNote } from '../../format/analytics-age.js';
import { whatifJson } from '../../format/json.js';
import { whatifText } from '../../format/text.js';
import type { CliCommand } from '../command.js';
import { COMMON_HELP, parseAssignments, parseCommandArgs } from '../options.js';
import { writeOutput } from '../output.js';
import { fleetRuntimeOptions } from '../runtime-options.js';

export const whatifCommand: CliCommand = {
  name: 'whatif',
  summary: 'the planner on a hypothetical state: shed units, grow traffic, add capacity, force a split',
  help: `Usage: headroom whatif [--shed WU[,WU…]] [--split WU=SHARE,…] [--grow PCT] [--add-capacity WU=PCT,…] [--at now|next-peak|+Nd] [options]

  --shed WU,…           drain (shed or decommission) these units and place their traffic
  --split WU=SHARE,…    force the split of the moved traffic (shares sum to 1)
  --grow PCT            grow all traffic by PCT percent
  --add-capacity WU=PCT add PCT percent safe capacity to a unit
  --at WHEN             now (default), next-peak, or +Nd for the daily peak N days ahead
                        (the fleet's evaluation time itself comes from --time or the scenario)

${COMMON_HELP.replace('--at ISO          the moment to evaluate', '--time ISO        the moment to evaluate')}

Example: headroom whatif --shed eu-west-1 --split eu-central-1=0.7,us-east-1=0.3 --at next-peak --json`,
  async run(ctx) {
    const { values } = parseCommandArgs(
      ctx.argv,
      {
        shed: { type: 'string' },
        split: { type: 'string' },
        grow: { type: 'string' },
        'add-capacity': { type: 'string' },
        time: { type: 'string' },
      },
      false,
    );
    const grow = values.grow === undefined ? undefined : Number(values.grow);
    if (grow !== undefined && !(Number.isFinite(grow) && grow > -100)) {
      throw new HeadroomError('USAGE', `--grow must be a percentage above -100, not "${values.grow}"`);
    }
    // --at here is the what-if moment; the evaluation time is --time.
    const rt = await openRuntime({ ...values, at: values.time, ...fleetRuntimeOptions(ctx, values.db) }, ctx.env);
    const report = await whatIf(
      rt.core,
      {
        shed: values.shed ? values.shed.split(',').filter(Boolean) : [],
        split: values.split ? parseAssignments(values.split, '--split') : undefined,
        growPct: grow,
        addCapacityPct: values['add-capacity'] ? parseAssignments(values['add-capacity'], '--add-capacity') : undefined,
        at: parseMoment(values.at ?? 'now'),
      },
      rt.atMs,
    );
    const age = rt.core.analyticsAge(rt.atMs);
    writeOutput(ctx, values.json, { ...whatifJson(report), analytics: analyticsAgeJson(age) }, () =>
      withAgeNote(whatifText(report), age),
    );
    return 0;
  },
};
