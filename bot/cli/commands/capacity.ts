import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HeadroomError } from '../../../analytics/errors.js';
import { openRuntime } from '../../app/runtime.js';
import { capacityReport } from '../../core/capacity.js';
import { capacityForecast, capacityForecastChart } from '../../core/capacity-forecast.js';
import { analyticsAgeJson, withAgeNote } from '../../format/analytics-age.js';
import { capacityJson } from '../../format/json.js';
import { capacityForecastText, capacityText } from '../../format/text.js';
import type { CliCommand } from '../command.js';
import { COMMON_HELP, parseCommandArgs } from '../options.js';
import { writeOutput } from '../output.js';
import { fleetRuntimeOptions } from '../runtime-options.js';

const HORIZONS: Record<string, number> = { '30d': 30, '60d': 60, '90d': 90 };

export const capacityCommand: CliCommand = {
  name: 'capacity',
  summary:
    'capacity baselines, headroom now and at the next peak; with a unit, the 30/60/90-day forecast and crossing date',
  help: `Usage: headroom capacity [<work-unit>] [--horizon 30d|60d|90d] [--chart FILE.png] [options]

Safe capacity is 80 % of the highest load observed healthy (extrapolated from the binding
resource's fit when history never came near its limit; the confidence says so). For one unit it
also forecasts the daily peak (P50 and P90, models chosen per series by backtesting) and reports
the first day the P90 peak crosses safe capacity ("crossesAt", null when it does not).

  --horizon 30d|60d|90d   forecast horizon (default 30d; needs a work unit)
  --chart FILE.png        write the forecast chart (needs a work unit)
${COMMON_HELP}

Example: headroom capacity ap-south-1 --horizon 90d --chart ap-south-1.png --json`,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, {
      horizon: { type: 'string' },
      chart: { type: 'string' },
    });
    const workUnit = positionals[0];
    if (positionals.length > 1)
      throw new HeadroomError(
        'USAGE',
        `one work unit at most, not "${positionals.join(' ')}": headroom capacity [<work-unit>]`,
      );
    if (values.chart) checkWritable(values.chart);
    const horizonText = values.horizon ?? '30d';
    const horizonDays = HORIZONS[horizonText];
    if (horizonDays === undefined)
      throw new HeadroomError('USAGE', `--horizon must be 30d, 60d or 90d, not "${horizonText}"`);
    if ((values.chart || values.horizon) && !workUnit) {
      throw new HeadroomError('USAGE', '--horizon and --chart need a work unit: headroom capacity <work-unit> …');
    }
    const rt = await openRuntime({ ...values, ...fleetRuntimeOptions(ctx, values.db) }, ctx.env);
    const report = await capacityReport(rt.core, rt.atMs, workUnit);
    if (!workUnit) {
      const age = rt.core.analyticsAge(rt.atMs);
      writeOutput(ctx, values.json, { ...capacityJson(report), analytics: analyticsAgeJson(age) }, () =>
        withAgeNote(capacityText(report), age),
      );
      return 0;
    }
    const forecast = await capacityForecast(rt.core, workUnit, rt.atMs, horizonDays);
    if (values.chart) {
      // vega and sharp load only when a chart is asked for
      const { renderPng } = await import('../../../tools/charts/render.js');
      writeFileSync(values.chart, await renderPng(capacityForecastChart(forecast)));
    }
    const json = {
      ...capacityJson(report),
      forecast: { model: forecast.forecast.model, horizonDays, dailyPeaks: forecast.forecast.dailyPeaks },
      safeCapacity: Math.round(forecast.safeCapacity * 10) / 10,
      crossesAt: forecast.forecast.crossesAt,
      chart: values.chart ?? null,
      analytics: analyticsAgeJson(rt.core.analyticsAge(rt.atMs)),
    };
    writeOutput(ctx, values.json, json, () =>
      withAgeNote(
        `${capacityText(report)}\n${capacityForecastText(forecast, values.chart)}`,
        rt.core.analyticsAge(rt.atMs),
      ),
    );
    return 0;
  },
};

/** Before minutes of forecasting: the chart's folder must exist and take a file. */
function checkWritable(file: string): void {
  const folder = dirname(resolve(file));
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new HeadroomError(
      'USAGE',
      `--chart ${file}: cannot write there (${folder} does not exist or is not writable)`,
    );
  }
}
