// Edge-agent benchmarks; prints JSON lines. Run: npm run bench:edge
// Goals (issue 7): Check p99 ≤ 5 ms over loopback mTLS; fan-out to 50 agents p99 ≤ 50 ms; agent RSS reported.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { type EdgeAgent, startEdgeAgent } from '../edge-agent/agent.js';
import { agentConfigSchema } from '../edge-agent/config.js';
import { AGENT_ID, CENTRAL_ID, FakeMetrics, makeEdgePki } from '../test/edge/fixtures.js';
import { EdgeAgentClient } from '../tools/edge/client.js';

const pki = makeEdgePki();
const log = pino({ level: 'silent' });
const config = agentConfigSchema.parse({ checkIntervalMs: 1_000 });
const tls = { cert: pki.agent.cert, key: pki.agent.key, ca: pki.fleetCa.cert };
const clientTls = { cert: pki.central.cert, key: pki.central.key, ca: pki.fleetCa.cert };

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

async function checkLatency(): Promise<void> {
  const [agent] = await agents(1);
  const client = new EdgeAgentClient({
    agents: { 'wu-0': { target: `127.0.0.1:${agent!.port}`, identity: AGENT_ID } },
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
    transport: 'loopback mTLS, warm channel',
    ...percentiles(samples),
    goal_p99: 5,
  });
  client.close();
  await agent!.close(0);
}

async function fanOut(n: number): Promise<void> {
  const all = await agents(n);
  const client = new EdgeAgentClient({
    agents: Object.fromEntries(all.map((a, i) => [`wu-${i}`, { target: `127.0.0.1:${a.port}`, identity: AGENT_ID }])),
    tls: clientTls,
    deadlineMs: 1_000,
    breaker: { failuresToOpen: 1_000, cooldownMs: 0 },
  });
  const units = all.map((_, i) => `wu-${i}`);
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
    note: 'agents in one process with the client',
    ...percentiles(samples),
    first_round_ms: round(coldMs),
    goal_p99: 50,
  });
  client.close();
  await Promise.all(all.map((a) => a.close(0)));
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

try {
  await checkLatency();
  await fanOut(50);
  await agentMemory();
} finally {
  pki.pki.cleanup();
}
