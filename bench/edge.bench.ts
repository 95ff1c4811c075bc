// Edge-agent benchmarks; prints JSON lines. Run: npm run bench:edge
// Goals (issue 7): Check p99 ≤ 5 ms over loopback mTLS; fan-out to 50 agents p99 ≤ 50 ms; agent RSS reported.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { type EdgeAgent, startEdgeAgent } from '../edge-agent/agent.js';
import { agentConfigSchema } from '../edge-agent/config.js';
import { AGENT_ID, CENTRAL_ID, FakeMetrics, makeEdgePki } from '../test/edge/fixtures.js';
import { EdgeAgentClient } from '../tools/edge/client.js';

const serveIndex = process.argv.indexOf('--serve');
const pki = serveIndex > 0 ? undefined : makeEdgePki();
const pkiDir = serveIndex > 0 ? process.argv[serveIndex + 2]! : pki!.pki.dir;
const log = pino({ level: 'silent' });
const config = agentConfigSchema.parse({ checkIntervalMs: 1_000 });
const file = (name: string) => join(pkiDir, name);
const tls = { cert: file('agent.crt'), key: file('agent.key'), ca: file('fleet-ca.crt') };
const clientTls = { cert: file('central.crt'), key: file('central.key'), ca: file('fleet-ca.crt') };

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), max: round(s[s.length - 1]!) };
}
const round = (x: number) => Math.round(x * 1000) / 1000;
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function agents(n: number): Promise<EdgeAgent[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      startEdgeAgent({
        workUnit: `wu-${i}`,
        listen: '127.0.0.1:0',
        tls,
        allowIdentities: [CENTRAL_ID],
        metrics: new FakeMetrics(`wu-${i}`),
        log,
        config,
      }),
    ),
  );
}

/** Starts `n` agents in a child process (as on separate units, they do not share the client's event loop). */
async function remoteAgents(n: number): Promise<{ ports: number[]; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', String(n), pkiDir],
    {
      stdio: ['pipe', 'pipe', 'inherit'], // the child exits when this pipe closes, even if we crash
    },
  );
  const ports = await new Promise<number[]>((resolve) => {
    let buf = '';
    child.stdout.on('data', (c) => {
      buf += c;
      if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]!) as number[]);
    });
  });
  return {
    ports,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function checkLatency(): Promise<void> {
  const remote = await remoteAgents(1);
  const client = new EdgeAgentClient({
    agents: { 'wu-0': { target: `127.0.0.1:${remote.ports[0]}`, identity: AGENT_ID } },
    tls: clientTls,
    deadlineMs: 1_000,
    breaker: { failuresToOpen: 1_000, cooldownMs: 0 },
  });
  for (let i = 0; i < 300; i++) await client.check('wu-0');
  const samples: number[] = [];
  for (let i = 0; i < 3_000; i++) {
    const t0 = performance.now();
    const o = await client.check('wu-0');
    samples.push(performance.now() - t0);
    if (o.status !== 'answered') throw new Error(`Check failed: ${JSON.stringify(o)}`);
  }
  emit({
    bench: 'edge.check.latency_ms',
    transport: 'loopback mTLS, warm channel, agent in another process',
    ...percentiles(samples),
    goal_p99: 5,
  });
  client.close();
  await remote.stop();
}

async function fanOut(n: number): Promise<void> {
  const remote = await remoteAgents(n);
  const client = new EdgeAgentClient({
    agents: Object.fromEntries(
      remote.ports.map((p, i) => [`wu-${i}`, { target: `127.0.0.1:${p}`, identity: AGENT_ID }]),
    ),
    tls: clientTls,
    deadlineMs: 1_000,
    breaker: { failuresToOpen: 1_000, cooldownMs: 0 },
  });
  const units = remote.ports.map((_, i) => `wu-${i}`);
  const cold0 = performance.now();
  await client.checkAll(units);
  const coldMs = performance.now() - cold0;
  for (let i = 0; i < 20; i++) await client.checkAll(units);
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    const outcomes = await client.checkAll(units);
    samples.push(performance.now() - t0);
    if ([...outcomes.values()].some((o) => o.status !== 'answered')) throw new Error('an agent did not answer');
  }
  emit({
    bench: 'edge.fanout.latency_ms',
    agents: n,
    note: 'all agents in one other process',
    ...percentiles(samples),
    first_round_ms: round(coldMs),
    goal_p99: 50,
  });
  client.close();
  await remote.stop();
}

/** RSS of one agent in its own process (the CLI with the simulated fleet), after it has served calls. */
async function agentMemory(): Promise<void> {
  const runner = fileURLToPath(new URL('../test/edge/run-agent.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      runner,
      '--work-unit',
      'eu-west-1',
      '--listen',
      '127.0.0.1:0',
      '--cert',
      tls.cert,
      '--key',
      tls.key,
      '--ca',
      tls.ca,
      '--allow-identity',
      CENTRAL_ID,
      '--metrics',
      'simulated',
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const line = await new Promise<string>((resolve) => {
    let buf = '';
    child.stdout.on('data', (c) => {
      buf += c;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
  });
  const { listening } = JSON.parse(line) as { listening: string };
  const client = new EdgeAgentClient({
    agents: { 'eu-west-1': { target: listening, identity: AGENT_ID } },
    tls: clientTls,
    deadlineMs: 2_000,
    breaker: { failuresToOpen: 1_000, cooldownMs: 0 },
  });
  for (let i = 0; i < 2_000; i++) await client.check('eu-west-1');
  await new Promise((r) => setTimeout(r, 1_500));
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  emit({
    bench: 'edge.agent.rss_mb',
    rss: round(kb('VmRSS') / 1024),
    peak: round(kb('VmHWM') / 1024),
    note: 'node + tsx loader + simulated fleet, after 2000 Checks',
  });
  client.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

if (serveIndex > 0) {
  const served = await agents(Number(process.argv[serveIndex + 1]));
  process.stdout.write(`${JSON.stringify(served.map((a) => a.port))}\n`);
  const stop = () => void Promise.all(served.map((a) => a.close(0))).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop).resume();
} else {
  try {
    await checkLatency();
    await fanOut(50);
    await agentMemory();
  } finally {
    pki!.pki.cleanup();
  }
}
