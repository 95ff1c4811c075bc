// npm run bench:security — the alert intake under a burst (one-alert webhooks at concurrency 50
// from a child process, a real evaluation of the example fleet per coalesced trigger) and the
// redaction throughput on 10 MB of log text. One JSON line per figure.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { Redactor } from '../bot/agent/redact.js';
import { sanitiseForModel } from '../bot/agent/untrusted.js';
import { listenForAlerts } from '../bot/app/alert-intake.js';
import { Core } from '../bot/core/core.js';
import { evaluateFleet } from '../bot/core/evaluate.js';
import { SeasonalProfileForecaster } from '../bot/core/forecaster.js';
import { freePort } from '../test/telemetry/helpers/processes.js';
import { buildAlertIntake } from '../tools/alerts/index.js';
import { alertIntakeSchema } from '../tools/config/fleet-schema.js';
import { loadFleetConfig } from '../tools/config/load-fleet.js';
import { SimulatedFleet, SimulatedMetricsSource } from '../tools/sim/index.js';
import { logCorpus } from './log-corpus.js';
import { emit, percentile, round } from './stats.js';

const TOKEN = 'bench-token-0123456789';
const HOUR_MS = 3_600_000;
const ALERTS = Number(process.env.BURST_ALERTS ?? 5000);
const CONCURRENCY = 50;

async function alertBurst() {
  const fleet = loadFleetConfig().fleet;
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-burst-'));
  const port = await freePort();
  const bundle = buildAlertIntake(
    alertIntakeSchema.parse({ listen: { port }, auth: { bearer: { env: 'T' } }, database: path.join(dir, 'a.db') }),
    fleet,
    { T: TOKEN },
  );
  const now = Date.now();
  const sim = new SimulatedFleet(fleet, { seed: 3 });
  const core = new Core({
    fleet,
    metrics: new SimulatedMetricsSource(sim),
    signalSources: [bundle.source],
    sourcesInUse: ['alertmanager'],
    forecaster: new SeasonalProfileForecaster(),
    history: { days: 28, stepMs: HOUR_MS },
  });
  await core.learnedAt(now);

  // When each alert was sent and committed, and when each evaluation ran: an alert reaches a
  // verdict with the first evaluation that started after its commit.
  const committed: Array<{ sentMs: number; committedMs: number }> = [];
  const evaluations: Array<{ startMs: number; endMs: number }> = [];
  bundle.intake.onAlert((_unit, event) => {
    committed.push({ sentMs: Number(event.labels.sent), committedMs: Date.now() });
  });
  const stop = await listenForAlerts(
    bundle,
    async () => {
      const startMs = Date.now();
      if (!process.env.BURST_NO_EVAL) await evaluateFleet(core, startMs);
      evaluations.push({ startMs, endMs: Date.now() });
    },
    () => {},
    (err) => {
      throw err;
    },
  );
  const cpu0 = process.cpuUsage();
  const result = await new Promise<{ wallMs: number; latencies: number[]; statuses: Record<string, number> }>(
    (resolve, reject) => {
      const job = {
        url: `http://127.0.0.1:${port}/alertmanager`,
        token: TOKEN,
        alerts: ALERTS,
        concurrency: CONCURRENCY,
        units: fleet.workUnits.map((u) => u.id),
        runId: String(now),
      };
      const worker = fork(new URL('./burst-client.ts', import.meta.url), [JSON.stringify(job)], {
        execArgv: ['--import', 'tsx'],
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 1500)); // the last evaluations finish
  const toVerdict = committed.map((c) => {
    const ev = evaluations.find((e) => e.startMs >= c.committedMs);
    return ev ? ev.endMs - c.sentMs : Number.POSITIVE_INFINITY;
  });
  const stored = bundle.store.firing().length;
  const fig = { bench: 'alertIntake.burst', alerts: ALERTS, concurrency: CONCURRENCY };
  emit({ ...fig, value: round(ALERTS / (result.wallMs / 1000), 0), unit: 'alerts/s', stat: 'accepted' });
  emit({ ...fig, value: round(percentile(result.latencies, 0.5), 1), unit: 'ms', stat: 'response p50' });
  emit({ ...fig, value: round(percentile(result.latencies, 0.99), 1), unit: 'ms', stat: 'response p99' });
  emit({ ...fig, value: round(percentile(toVerdict, 0.5), 1), unit: 'ms', stat: 'alert to verdict p50' });
  emit({ ...fig, value: round(percentile(toVerdict, 0.99), 1), unit: 'ms', stat: 'alert to verdict p99' });
  emit({ ...fig, value: evaluations.length, unit: 'evaluations', stat: 'count' });
  const evalMs = evaluations.map((e) => e.endMs - e.startMs);
  emit({ ...fig, value: round(percentile(evalMs, 0.5), 1), unit: 'ms', stat: 'evaluation p50' });
  emit({ ...fig, value: bundle.intake.commitCount, unit: 'transactions', stat: 'count' });
  // What the figures above cost the server: on a shared, loaded machine the wall-clock rate is
  // bounded by the CPU share it gets; this is the rate one idle core would sustain.
  const cpuMsPerAlert = (cpu.user + cpu.system) / 1000 / ALERTS;
  emit({ ...fig, value: round(cpuMsPerAlert, 3), unit: 'cpu ms/alert', stat: 'server (intake + evaluations)' });
  emit({ ...fig, value: round(1000 / cpuMsPerAlert, 0), unit: 'alerts/s', stat: 'one idle core (from cpu ms/alert)' });
  emit({ ...fig, value: round(os.loadavg()[0]!, 1), unit: 'load', stat: 'machine load average (1 min)' });
  emit({ ...fig, value: ALERTS - stored, unit: 'alerts', stat: 'lost', statuses: result.statuses });
  await stop();
  bundle.store.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Redaction of 10 MB of log text: the Redactor alone, one tool result of 500 lines at a time (what
 * a log query returns), and the whole path to Claude (neutralise, redact, defang).
 */
async function redactionThroughput() {
  const MB = Number(process.env.REDACTION_MB ?? 10);
  const corpus = logCorpus(MB * 1_000_000);
  const lines = corpus.text.split('\n');
  const chunks: string[][] = [];
  for (let i = 0; i < lines.length; i += 500) chunks.push(lines.slice(i, i + 500));
  const megabytes = Buffer.byteLength(corpus.text) / 1_000_000;
  const fig = { bench: 'redaction.throughput', megabytes: round(megabytes, 1), lines: corpus.lines };
  const redactor = new Redactor({ enabled: true, extra: [] });
  redactor.text(chunks[0]!.join('\n')); // compile and warm up
  let t0 = performance.now();
  let out = 0;
  for (const chunk of chunks) out += redactor.text(chunk.join('\n')).length;
  let ms = performance.now() - t0;
  const redactions = [...redactor.counts.values()].reduce((a, b) => a + b, 0);
  emit({ ...fig, value: round(megabytes / (ms / 1000), 2), unit: 'MB/s', stat: 'redactor.text', ms: round(ms, 0) });
  emit({
    ...fig,
    value: redactions,
    unit: 'redactions',
    stat: 'count',
    secretLines: corpus.secretLines,
    outChars: out,
  });
  const toolNames = ['get_headroom', 'query_logs'];
  const pipeline = new Redactor({ enabled: true, extra: [] });
  t0 = performance.now();
  for (const chunk of chunks) sanitiseForModel({ ok: true, lines: chunk }, toolNames, (v) => pipeline.value(v));
  ms = performance.now() - t0;
  emit({
    ...fig,
    value: round(megabytes / (ms / 1000), 2),
    unit: 'MB/s',
    stat: 'neutralise + redact + defang',
    ms: round(ms, 0),
  });
  emit({ ...fig, value: round(os.loadavg()[0]!, 1), unit: 'load', stat: 'machine load average (1 min)' });
}

if (!process.env.BENCH_SKIP_REDACTION) await redactionThroughput();
if (!process.env.BENCH_SKIP_BURST) await alertBurst();
