import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HeadroomError } from '../../../analytics/errors.js';
import { CANDIDATES, DEFAULT_MODELS } from '../../../analytics/forecast/candidates.js';
import { forecastPoints } from '../../../analytics/forecast/capacity-forecast.js';
import { type Aggregation, parseHorizon, parseHourlyCsv } from '../../../analytics/forecast/csv-series.js';
import { loadAugurs } from '../../../tools/forecast/augurs.js';
import { forecastSeries } from '../../../tools/forecast/forecast-series.js';
import type { CliCommand, CliContext } from '../command.js';
import { writeOutput } from '../output.js';

const HELP = `Usage: headroom forecast --input FILE.csv [options]

Forecasts an hourly series with the model that did best on the series' own recent history
(rolling-origin backtest over seasonal naive, seasonal means, MSTL-ETS and MSTL-ETS on logs).

The CSV has a header "timestamp,value"; timestamps are ISO-8601 (UTC when no zone is given) or
unix seconds; samples finer than hourly are aggregated to hours; gaps are allowed.

Options:
  --input FILE        the CSV (required)
  --horizon H         hours ("48") or days ("30d"); default 48
  --season LIST       seasonal periods in hours; default 24,168
  --agg sum|mean|max  how finer samples make an hour; default mean
  --level L           interval coverage, 0.8 (P10–P90, default) or e.g. 0.9
  --models LIST       the candidates the backtest chooses from; "default" is the pool below,
                      e.g. default,prophet adds Prophet (slower; it lost M4 backtests: OWA 0.83).
                      Names: ${Object.keys(CANDIDATES).join(', ')}.
                      Default pool: ${DEFAULT_MODELS.join(', ')}
  --json              machine-readable output: {"model","points":[{"t","yhat","lo","hi"}]}
  -h, --help          this text

Example: headroom forecast --input load.csv --horizon 30d --season 24,168 --json`;

const AGGREGATIONS: readonly Aggregation[] = ['sum', 'mean', 'max'];

async function run(ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: ctx.argv,
    strict: true,
    allowPositionals: false,
    options: {
      input: { type: 'string' },
      horizon: { type: 'string', default: '48' },
      season: { type: 'string', default: '24,168' },
      agg: { type: 'string', default: 'mean' },
      level: { type: 'string', default: '0.8' },
      models: { type: 'string', default: 'default' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    ctx.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.input)
    throw new HeadroomError('USAGE', 'missing --input FILE.csv. Usage: headroom forecast --input FILE.csv');
  const agg = values.agg as Aggregation;
  if (!AGGREGATIONS.includes(agg)) throw new HeadroomError('USAGE', `--agg must be sum, mean or max, not "${agg}"`);
  const seasons = values.season.split(',').map((s) => Number(s.trim()));
  if (seasons.some((s) => !Number.isInteger(s) || s < 2)) {
    throw new HeadroomError(
      'USAGE',
      `--season must be whole numbers of hours ≥ 2, like 24,168; got "${values.season}"`,
    );
  }
  const level = Number(values.level);
  if (!(level > 0 && level < 1))
    throw new HeadroomError('USAGE', `--level must be between 0 and 1, not "${values.level}"`);
  const horizon = parseHorizon(values.horizon);
  const models = parseModels(values.models);

  const path = resolve(ctx.cwd, values.input);
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new HeadroomError('INPUT_INVALID', `cannot read ${path}: ${err.code ?? err.message}`);
  });
  let series: ReturnType<typeof parseHourlyCsv>;
  try {
    series = parseHourlyCsv(text, agg);
  } catch (err) {
    if (err instanceof HeadroomError) throw new HeadroomError(err.code, `${values.input}: ${err.message}`, err.details);
    throw err;
  }
  await loadAugurs();
  let f: ReturnType<typeof forecastSeries>;
  try {
    f = forecastSeries(series.values, { horizon, seasons, level, models });
  } catch (err) {
    if (err instanceof HeadroomError) throw new HeadroomError(err.code, `${values.input}: ${err.message}`, err.details);
    throw err;
  }
  const firstMs = series.startMs + series.values.length * series.stepMs;
  const out = { model: f.model, level, points: forecastPoints(firstMs, f.yhat, f.lo, f.hi), backtest: f.backtest };
  writeOutput(ctx, values.json, out, () =>
    [
      `model: ${f.model} (chosen by backtest sMAPE: ${Object.entries(f.backtest)
        .map(([m, e]) => `${m} ${Number.isFinite(e) ? e.toFixed(1) : '–'}`)
        .join(', ')})`,
      `t                         yhat          lo          hi`,
      ...out.points.map(
        (p) =>
          `${p.t}  ${p.yhat.toFixed(2).padStart(10)}  ${p.lo.toFixed(2).padStart(10)}  ${p.hi.toFixed(2).padStart(10)}`,
      ),
    ].join('\n'),
  );
  return 0;
}

/** "default,prophet" → the default pool plus Prophet; every name checked against the candidates. */
function parseModels(text: string): string[] {
  const names = text
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  const out = new Set<string>();
  for (const name of names) {
    if (name === 'default') for (const m of DEFAULT_MODELS) out.add(m);
    else if (CANDIDATES[name]) out.add(name);
    else
      throw new HeadroomError(
        'USAGE',
        `--models: no model "${name}"; choose from default, ${Object.keys(CANDIDATES).join(', ')}`,
      );
  }
  if (out.size === 0)
    throw new HeadroomError('USAGE', '--models needs at least one model, e.g. default or mstl,prophet');
  return [...out];
}

export const forecastCommand: CliCommand = {
  name: 'forecast',
  summary: 'forecast an hourly series from a timestamp,value CSV, with prediction intervals',
  help: HELP,
  async run(ctx) {
    try {
      return await run(ctx);
    } catch (err) {
      // parseArgs' own errors (unknown option, missing value) are usage errors too.
      const usage = (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      if (err instanceof HeadroomError || usage) {
        ctx.stderr.write(`headroom forecast: ${(err as Error).message}\n`);
        return err instanceof HeadroomError ? err.exitCode : 1;
      }
      ctx.stderr.write(`headroom forecast: ${(err as Error).stack ?? err}\n`);
      return 2;
    }
  },
};
