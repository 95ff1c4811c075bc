import { dirname, isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HeadroomError, unknownWorkUnit } from '../../../analytics/errors.js';
import { EXAMPLE_FLEET_FILE, type FleetConfig, loadFleetConfig } from '../../../tools/config/load-fleet.js';
import { EdgeAgentClient, type EdgeCheckOutcome } from '../../../tools/edge/client.js';
import { edgeSignal } from '../../../tools/edge/edge-signal.js';
import type { CliCommand, CliContext } from '../command.js';

const HELP = `Usage: headroom edge check <work-unit> [--fleet FILE] [--json]
       headroom edge check <work-unit> --target HOST:PORT --cert FILE --key FILE --ca FILE [--identity NAME] [--json]

Calls the work unit's edge agent over mutual TLS (Check) and prints its local health report and the
edge signal the core would use: ok, firing, or unknown (timeout, refusal, broken TLS, stale data).

Options:
  --fleet FILE       fleet configuration with an "edge" section (default: manifests/fleet.example.yaml)
  --target HOST:PORT reach an agent directly instead of through the fleet's edge section
  --cert, --key FILE the central's client certificate and key (with --target)
  --ca FILE          the CA that signs agent certificates (with --target)
  --identity NAME    the SAN identity the agent must present (default: the fleet's configured one)
  --deadline MS      per-call deadline (default: the fleet's edge.deadlineMs, or 100)
  --json             machine-readable output

Exit codes: 0 the agent answered, 1 usage or validation error, 2 the agent could not be reached.

Example: headroom edge check eu-west-1 --target 127.0.0.1:7443 --cert central.crt --key central.key --ca fleet-ca.crt --identity edge.eu-west-1.headroom.internal --json`;

export const edgeCheckCommand: CliCommand = {
  name: 'edge check',
  summary: "a work unit's edge-agent health report over mutual TLS",
  help: HELP,
  run: (ctx) => guarded(ctx, () => check(ctx)),
};

async function check(ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: ctx.argv,
    options: {
      fleet: { type: 'string' },
      target: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      ca: { type: 'string' },
      identity: { type: 'string' },
      deadline: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const workUnit = positionals[0];
  if (!workUnit || positionals.length > 1)
    throw new HeadroomError('USAGE', `expected one work unit. ${HELP.split('\n')[0]}`);
  const fleet: FleetConfig | undefined =
    values.fleet || !values.target ? loadFleetConfig(values.fleet ?? EXAMPLE_FLEET_FILE) : undefined;
  if (fleet) {
    const known = fleet.fleet.workUnits.map((u) => u.id);
    if (!known.includes(workUnit)) throw unknownWorkUnit(workUnit, known);
  }
  const configured = fleet?.edge?.agents[workUnit];
  const deadlineMs = values.deadline ? positiveInt(values.deadline, '--deadline') : (fleet?.edge?.deadlineMs ?? 100);

  let target: string;
  let tls: { cert: string; key: string; ca: string };
  let identity: string;
  if (values.target) {
    if (!/^[^\s:]+:\d{1,5}$/.test(values.target))
      throw new HeadroomError('USAGE', `--target must be HOST:PORT, not "${values.target}"`);
    const missing = (['cert', 'key', 'ca'] as const).filter((k) => !values[k]);
    if (missing.length > 0)
      throw new HeadroomError('USAGE', `--target needs ${missing.map((m) => `--${m} FILE`).join(', ')}`);
    const pinned = values.identity ?? configured?.identity;
    if (!pinned)
      throw new HeadroomError(
        'USAGE',
        `--identity NAME is required with --target (the fleet does not configure the agent of ${workUnit})`,
      );
    target = values.target;
    tls = { cert: values.cert!, key: values.key!, ca: values.ca! };
    identity = pinned;
  } else {
    const edge = fleet?.edge;
    if (!edge || !configured) {
      throw new HeadroomError(
        'CONFIG_INVALID',
        `${fleet?.file}: no edge agent configured for ${workUnit} (add edge.agents.${workUnit}, or use --target)`,
      );
    }
    const base = dirname(fleet.file);
    const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
    target = configured.target;
    tls = { cert: abs(edge.tls.cert), key: abs(edge.tls.key), ca: abs(edge.tls.ca) };
    identity = values.identity ?? configured.identity;
  }

  const client = new EdgeAgentClient({
    agents: { [workUnit]: { target, identity } },
    tls,
    deadlineMs,
    breaker: { failuresToOpen: 1_000, cooldownMs: 0 },
  });
  let outcome: EdgeCheckOutcome;
  try {
    outcome = await client.check(workUnit);
  } finally {
    client.close();
  }
  const freshnessMs = (fleet?.edge?.freshnessSeconds ?? 60) * 1000;
  const metricsFreshnessMs = (fleet?.fleet.thresholds.signalFreshnessSeconds ?? 600) * 1000;
  const signal = edgeSignal(
    workUnit,
    outcome,
    undefined,
    { reportFreshnessMs: freshnessMs, metricsFreshnessMs },
    Date.now(),
  );
  const result = { ...outcome, target, identity, signal: { status: signal.status, detail: signal.detail } };
  ctx.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${text(result.signal, outcome)}\n`);
  return outcome.status === 'answered' ? 0 : 2;
}

function text(signal: { status: string; detail: string }, o: EdgeCheckOutcome): string {
  const lines = [`edge signal: ${signal.status} — ${signal.detail}`];
  if (o.status === 'unreachable') return lines.join('\n');
  const r = o.report;
  lines.push(
    `agent ${r.agentVersion}, instance ${r.instanceId}, up ${secs(r.generatedAtMs - r.startedAtMs)}, answered in ${o.latencyMs.toFixed(1)} ms`,
  );
  lines.push(`check cycle: ${secs(r.cycle.ageMs)} old`);
  for (const p of r.probes)
    lines.push(`probe ${p.name} (${p.kind}): ${p.ok ? 'ok' : 'FAILED'} — ${p.detail} [${secs(p.age.ageMs)} old]`);
  const el = r.errorLog;
  lines.push(
    el.available
      ? `error log: ${el.perMinute.toFixed(1)}/min (threshold ${el.thresholdPerMinute}/min) [${secs(el.age.ageMs)} old]`
      : `error log: ${el.note}`,
  );
  const m = r.metrics;
  if (m.samples.length === 0 || (m.status && m.status !== 'ok')) {
    lines.push(`metrics (${m.source}): ${m.status || 'no status'}${m.note ? ` — ${m.note}` : ''}`);
  }
  for (const s of m.samples)
    lines.push(
      `metric ${s.metric} = ${round(s.value)} (${m.source}) [${secs(s.age.ageMs)} old${s.stale ? ', STALE' : ''}]`,
    );
  for (const g of m.missing ?? []) lines.push(`metric ${g.metric}: missing — ${g.reason}`);
  for (const a of r.anomalies) lines.push(`anomaly ${a.kind} since ${new Date(a.sinceMs).toISOString()}: ${a.detail}`);
  return lines.join('\n');
}

function secs(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function round(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

function positiveInt(text: string, flag: string): number {
  if (!/^\d{1,6}$/.test(text) || Number(text) === 0)
    throw new HeadroomError('USAGE', `${flag} must be a positive whole number of ms, not "${text}"`);
  return Number(text);
}

/** Maps errors to exit codes here too, so the command behaves the same when called without the binary's handler. */
export async function guarded(ctx: CliContext, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof HeadroomError) {
      ctx.stderr.write(`headroom: ${err.message}\n`);
      return err.exitCode;
    }
    if (String((err as { code?: string })?.code ?? '').startsWith('ERR_PARSE_ARGS')) {
      ctx.stderr.write(`headroom: ${(err as Error).message}\n`);
      return 1;
    }
    ctx.stderr.write(`headroom: unexpected failure: ${(err as Error)?.stack ?? String(err)}\n`);
    return 2;
  }
}
