// npm run bench:cli [-- --root DIR --label NAME --runs N] — one-shot processes as a user runs them:
// `headroom --help`, `status --json`, `failover eu-west-1 --json`, the MCP stdio server's first
// tools/call after spawn, and `headroom start` to its first recommendation (fresh and warm store).
// One JSON line per figure (median of N runs). --root points at another checkout (e.g. an older
// commit in a git worktree) so old and new are measured the same hour on the same machine.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { emit, percentile, round } from './stats.js';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: resolve(import.meta.dirname, '..') },
    label: { type: 'string', default: 'this checkout' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
});
const ROOT = resolve(values.root!);
const BIN = join(ROOT, 'bin/headroom.js');
const DEMO = join(ROOT, 'manifests/scenarios/demo.yaml');
const RUNS = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'headroom-bench-cli-'));
const label = values.label!;

function run(args: string[], env: Record<string, string> = {}): Promise<{ ms: number; code: number | null }> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    child.on('error', fail);
    child.on('close', (code) => done({ ms: performance.now() - t0, code }));
  });
}

async function median(name: string, args: string[], db: string): Promise<void> {
  if (values.only && !name.includes(values.only)) return;
  const warm = await run([...args, '--db', db]); // fills the store (the old code has none and ignores --db)
  if (warm.code !== 0) throw new Error(`${name}: exit ${warm.code}`);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push((await run([...args, '--db', db])).ms);
  emit({
    bench: `cli.${name}`,
    code: label,
    value: round(percentile(samples, 0.5) / 1000, 2),
    unit: 's',
    stat: 'median',
    runs: RUNS,
  });
}

/** Spawn to the answer of the first tools/call over stdio (newline-delimited JSON-RPC). */
function mcpFirstCall(db: string): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, 'mcp', '--scenario', DEMO, '--db', db], { cwd: ROOT, stdio: 'pipe' });
    const send = (m: unknown) => child.stdin.write(`${JSON.stringify(m)}\n`);
    let buffer = '';
    child.stdout.on('data', (d) => {
      buffer += d;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const msg = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (msg.id === 1) {
          send({ jsonrpc: '2.0', method: 'notifications/initialized' });
          send({
            jsonrpc: '2.0',
            id: 2,
            method: 'tools/call',
            params: { name: 'recommend_failover', arguments: { workUnit: 'eu-west-1' } },
          });
        } else if (msg.id === 2) {
          const ms = performance.now() - t0;
          if (msg.error || msg.result?.isError)
            fail(new Error(`tools/call failed: ${JSON.stringify(msg).slice(0, 300)}`));
          child.kill();
          done(ms);
        }
      }
    });
    child.on('error', fail);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } },
    });
  });
}

/** Spawn of `headroom start` (the demo, console) to the first "NEW #…" recommendation line. */
function startToFirstRecommendation(db: string): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child: ChildProcess = spawn(process.execPath, [BIN, 'start', '--db', db], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error(`no recommendation within 90 s:\n${out}`));
    }, 90_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (/\] NEW #\d+ /.test(out)) {
        clearTimeout(timer);
        const ms = performance.now() - t0;
        child.kill();
        done(ms);
      }
    });
    child.on('error', fail);
  });
}

async function samplesOf(fn: (db: string) => Promise<number>, db: string, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn(db));
  return out;
}

try {
  const db = join(dir, 'warm.db');
  if (!values.only || 'help'.includes(values.only)) {
    const help: number[] = [];
    for (let i = 0; i < RUNS; i++) help.push((await run(['--help'])).ms);
    emit({
      bench: 'cli.help',
      code: label,
      value: round(percentile(help, 0.5) / 1000, 2),
      unit: 's',
      stat: 'median',
      runs: RUNS,
    });
  }
  await median('status.json', ['status', '--scenario', DEMO, '--json'], db);
  await median('failover.json', ['failover', 'eu-west-1', '--scenario', DEMO, '--json'], db);
  if (!values.only || values.only === 'mcp') {
    await mcpFirstCall(db);
    const mcp = await samplesOf(mcpFirstCall, db, RUNS);
    emit({
      bench: 'mcp.stdio.firstToolsCall',
      code: label,
      value: round(percentile(mcp, 0.5) / 1000, 2),
      unit: 's',
      stat: 'median',
      runs: RUNS,
    });
  }
  if (!values.only || values.only === 'start') {
    const fresh: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 3); i++)
      fresh.push(await startToFirstRecommendation(join(dir, `fresh-${i}.db`)));
    emit({
      bench: 'start.firstRecommendation.freshStore',
      code: label,
      value: round(percentile(fresh, 0.5) / 1000, 2),
      unit: 's',
      stat: 'median',
      runs: fresh.length,
    });
    const startDb = join(dir, 'start.db');
    await startToFirstRecommendation(startDb);
    const warm = await samplesOf(startToFirstRecommendation, startDb, Math.min(RUNS, 3));
    emit({
      bench: 'start.firstRecommendation.warmStore',
      code: label,
      value: round(percentile(warm, 0.5) / 1000, 2),
      unit: 's',
      stat: 'median',
      runs: warm.length,
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
