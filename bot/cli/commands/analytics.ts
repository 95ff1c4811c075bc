import { HeadroomError } from '../../../analytics/errors.js';
import { openRuntime } from '../../app/runtime.js';
import { analyticsAgeJson, learnedSetLine, minuteText } from '../../format/analytics-age.js';
import { readCapacityForecast } from '../../precomputed/forecasts.js';
import type { CliCommand } from '../command.js';
import { COMMON_HELP, parseCommandArgs } from '../options.js';
import { writeOutput } from '../output.js';
import { fleetRuntimeOptions } from '../runtime-options.js';

const HORIZONS: Record<string, number> = { '30d': 30, '60d': 60, '90d': 90 };

export const analyticsRefreshCommand: CliCommand = {
  name: 'analytics refresh',
  summary: 'recompute the pre-computed analytics (baselines, connection norms, forecasts) now and store them',
  help: `Usage: headroom analytics refresh [--horizons 30d[,60d,90d]] [options]

Learns from history at --at (default: the scenario's "at", else now) as the daily job does —
capacity baselines with their capacity-now fits and periodic-work slots, hourly load per unit and
client region, connection norms — fits the planner's forecast of every unit and the capacity
forecasts at the given horizons (default 30d), and stores them with the time range of their input,
the code version and when they were computed. Every command and tool then reads them.

A refresh that fails (telemetry down, a model that cannot fit) stores nothing: the previous
complete set stays in use, and this command says which one (exit 2).

  --horizons LIST   capacity forecast horizons to fit: 30d, 60d, 90d (comma-separated; default 30d)
${COMMON_HELP}

Example: headroom analytics refresh --scenario manifests/scenarios/demo.yaml --horizons 30d,90d`,
  async run(ctx) {
    const { values } = parseCommandArgs(ctx.argv, { horizons: { type: 'string' } }, false);
    const horizons = parseHorizons(values.horizons ?? '30d');
    const rt = await openRuntime({ ...values, ...fleetRuntimeOptions(ctx, values.db) }, ctx.env);
    try {
      let learned: Awaited<ReturnType<typeof rt.core.refresh>>;
      try {
        learned = await rt.core.refresh(rt.atMs);
      } catch (err) {
        throw refreshFailed(rt, (err as Error).message);
      }
      await rt.core.unitWindowsReady(learned);
      for (const unit of rt.config.fleet.workUnits) {
        for (const days of horizons) await readCapacityForecast(rt.core, unit.id, rt.atMs, days);
      }
      if (rt.core.storeFailure) {
        throw new HeadroomError('RUNTIME', `computed, but the store could not be written: ${rt.core.storeFailure}`);
      }
      const age = rt.core.analyticsAge(rt.atMs);
      const forecasts = learned.forecasts.map((f) => ({ workUnit: f.workUnit, kind: f.kind, model: f.model }));
      writeOutput(
        ctx,
        values.json,
        {
          setId: learned.meta.id ?? null,
          fingerprint: learned.meta.fingerprint,
          computeMs: learned.meta.computeMs,
          analytics: analyticsAgeJson(age),
          forecasts,
        },
        () =>
          [
            `Refreshed: ${learnedSetLine(learned.meta, Date.now())}`,
            `Forecasts stored: ${forecasts.length} (${[...new Set(forecasts.map((f) => f.kind))].join(', ')})`,
          ].join('\n'),
      );
      return 0;
    } finally {
      rt.close();
    }
  },
};

export const analyticsShowCommand: CliCommand = {
  name: 'analytics show',
  summary: 'list the stored pre-computed analytics: as-of moment, input range, version, when computed',
  help: `Usage: headroom analytics show [--db FILE] [--json]

Lists every learned set in the store, newest first: the fleet moment it is as of, the history it was
learned from, when and how fast it was computed, the code version, and the fleet fingerprint.

  --db FILE   SQLite store (default: $HEADROOM_DB or ./data/headroom.db)
  --json      machine-readable output`,
  async run(ctx) {
    const { values } = parseCommandArgs(ctx.argv, {}, false);
    const { openPrecomputedStore } = await import('../../precomputed/sqlite-store.js');
    const store = openPrecomputedStore(fleetRuntimeOptions(ctx, values.db).analyticsStore);
    try {
      const sets = store.list();
      const now = Date.now();
      writeOutput(
        ctx,
        values.json,
        sets.map((m) => ({
          id: m.id,
          fingerprint: m.fingerprint,
          codeVersion: m.codeVersion,
          asOf: new Date(m.asOfMs).toISOString(),
          input: { from: new Date(m.inputRange.startMs).toISOString(), to: new Date(m.inputRange.endMs).toISOString() },
          computedAt: new Date(m.computedAtMs).toISOString(),
          computeMs: m.computeMs,
        })),
        () =>
          sets.length === 0
            ? 'No pre-computed analytics stored yet.'
            : sets.map((m) => learnedSetLine(m, now)).join('\n'),
      );
      return 0;
    } finally {
      store.close();
    }
  },
};

function parseHorizons(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const days = HORIZONS[part.trim()];
    if (days === undefined)
      throw new HeadroomError('USAGE', `--horizons takes 30d, 60d or 90d (comma-separated), not "${part}"`);
    if (!out.includes(days)) out.push(days);
  }
  return out;
}

/** The failure, and which complete set stays in use (none when nothing was ever stored for this fleet). */
function refreshFailed(rt: Awaited<ReturnType<typeof openRuntime>>, message: string): HeadroomError {
  const p = rt.core.deps.precomputed;
  const previous = p?.store.latest(
    p.fingerprint,
    Number.MAX_SAFE_INTEGER,
    rt.config.fleet.workUnits.map((u) => u.id),
  );
  const kept = previous
    ? `the previous set (as of ${minuteText(previous.set.meta.asOfMs)}, computed ${minuteText(previous.set.meta.computedAtMs)}) stays in use`
    : 'nothing was stored for this fleet yet, so commands will learn from history themselves';
  return new HeadroomError('RUNTIME', `refresh failed: ${message}; ${kept}`);
}
