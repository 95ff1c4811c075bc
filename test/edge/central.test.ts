import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeAgent, type EdgeAgentOptions, startEdgeAgent } from '../../edge-agent/agent.js';
import { agentConfigSchema } from '../../edge-agent/config.js';
import { EdgeAgentClient } from '../../tools/edge/client.js';
import { EdgeSignalSource } from '../../tools/edge/signal-source.js';
import {
  agentTls,
  CENTRAL_ID,
  captureLog,
  centralOptions,
  type EdgePki,
  FakeMetrics,
  makeEdgePki,
  until,
} from './fixtures.js';

let pki: EdgePki;
const running: EdgeAgent[] = [];
const rules = { reportFreshnessMs: 30_000, metricsFreshnessMs: 600_000 };

beforeAll(() => {
  pki = makeEdgePki();
});
afterAll(async () => {
  await Promise.all(running.map((a) => a.close(50)));
  pki?.pki.cleanup();
});

async function agentFor(workUnit: string, extra: Partial<EdgeAgentOptions> = {}): Promise<EdgeAgent> {
  const a = await startEdgeAgent({
    workUnit,
    listen: '127.0.0.1:0',
    tls: agentTls(pki),
    allowIdentities: [CENTRAL_ID],
    metrics: new FakeMetrics(workUnit),
    log: captureLog().log,
    ...extra,
  });
  running.push(a);
  return a;
}

/** A TCP proxy on 127.0.0.1 that holds every chunk `delayMs` in each direction, like a distant network. */
async function delayProxy(targetPort: number, delayMs: number) {
  const { createServer, connect } = await import('node:net');
  let accepted = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((inbound) => {
    accepted++;
    const outbound = connect(targetPort, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    const relay = (from: typeof inbound, to: typeof inbound) =>
      from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
    relay(inbound, outbound);
    relay(outbound, inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => accepted,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const ready = (a: EdgeAgent) => until(() => a.checker.report().health !== 'HEALTH_UNKNOWN');

describe('the edge signal at the central', () => {
  it('fans out to all units: ok, firing and unknown side by side', async () => {
    const healthy = await agentFor('wu-a');
    const sick = new FakeMetrics('wu-b');
    sick.values.errorRate = 0.2;
    const unhealthy = await agentFor('wu-b', { metrics: sick });
    const dead = await agentFor('wu-c');
    const deadPort = dead.port;
    await dead.close(0);
    await Promise.all([ready(healthy), ready(unhealthy)]);

    const client = new EdgeAgentClient(
      centralOptions(pki, {
        'wu-a': { port: healthy.port },
        'wu-b': { port: unhealthy.port },
        'wu-c': { port: deadPort },
      }),
    );
    const signals = await new EdgeSignalSource(client, rules).read(
      ['wu-a', 'wu-b', 'wu-c', 'wu-unconfigured'],
      Date.now(),
    );
    client.close();
    expect(signals.get('wu-a')).toMatchObject({ source: 'edge-agent', status: 'ok' });
    expect(signals.get('wu-b')?.status).toBe('firing');
    expect(signals.get('wu-b')?.detail).toMatch(/error rate 20\.0 % ≥ 5\.0 %/);
    expect(signals.get('wu-c')).toMatchObject({ status: 'unknown' });
    expect(signals.get('wu-c')?.detail).toMatch(/unreachable \(refused\)/);
    expect(signals.get('wu-c')?.observedAtMs).toBeUndefined();
    expect(signals.get('wu-unconfigured')?.detail).toMatch(/not-configured/);
  });

  it('a killed agent is "unknown" within the deadline, then the breaker stops calling it', async () => {
    const a = await agentFor('wu-kill');
    await ready(a);
    let now = 1_000_000;
    const client = new EdgeAgentClient(
      centralOptions(
        pki,
        { 'wu-kill': { port: a.port } },
        { deadlineMs: 150, breaker: { failuresToOpen: 2, cooldownMs: 5_000 }, now: () => now },
      ),
    );
    expect((await client.check('wu-kill')).status).toBe('answered');
    await a.close(0);

    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const o = await client.check('wu-kill');
      expect(performance.now() - t0).toBeLessThan(150 + 50);
      expect(o).toMatchObject({ status: 'unreachable' });
      expect(['refused', 'timeout']).toContain((o as { reason: string }).reason);
    }
    expect(client.breakerState('wu-kill')).toBe('open');
    expect(await client.check('wu-kill')).toMatchObject({ reason: 'breaker-open', latencyMs: 0 });
    now += 5_000;
    expect(client.breakerState('wu-kill')).toBe('half-open');
    expect((await client.check('wu-kill')).status).toBe('unreachable'); // the one trial call fails → open again
    expect(client.breakerState('wu-kill')).toBe('open');
    client.close();
  });

  it('an agent that does not answer in time (hung, not refused) is "unknown" at the deadline', async () => {
    const { createServer } = await import('node:net');
    // accepts TCP and then says nothing: the TLS handshake never completes
    const blackhole = createServer(() => {});
    await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
    const port = (blackhole.address() as { port: number }).port;
    const client = new EdgeAgentClient(centralOptions(pki, { 'wu-hung': { port } }, { deadlineMs: 120 }));
    const t0 = performance.now();
    const signals = await new EdgeSignalSource(client, rules).read(['wu-hung'], Date.now());
    const elapsed = performance.now() - t0;
    client.close();
    blackhole.close();
    expect(elapsed).toBeLessThan(120 + 400); // the deadline, not a TCP or TLS timeout of seconds
    expect(signals.get('wu-hung')?.status).toBe('unknown');
    expect(signals.get('wu-hung')?.detail).toMatch(/timeout/);
  });

  it('a distant agent whose connection set-up takes longer than the deadline is answered once the connection is up', async () => {
    const far = await agentFor('wu-far');
    await ready(far);
    // 40 ms each way: TCP, TLS and HTTP/2 set-up take several round trips, more than the 150 ms deadline
    const proxy = await delayProxy(far.port, 40);
    const client = new EdgeAgentClient(
      centralOptions(
        pki,
        { 'wu-far': { port: proxy.port } },
        { deadlineMs: 150, breaker: { failuresToOpen: 10, cooldownMs: 0 } },
      ),
    );
    try {
      const outcomes = [];
      for (let i = 0; i < 4; i++) outcomes.push(await client.check('wu-far'));
      expect(outcomes[0]).toMatchObject({ status: 'unreachable', reason: 'timeout' });
      expect(outcomes.at(-1)).toMatchObject({ status: 'answered' });
      // one connection was set up and kept, not one per try
      expect(proxy.connections()).toBe(1);
    } finally {
      client.close();
      await proxy.close();
    }
  });

  it('after an agent restart only the new instance’s fresh data is used', async () => {
    const first = await agentFor('wu-r');
    await ready(first);
    const port = first.port;
    const client = new EdgeAgentClient(centralOptions(pki, { 'wu-r': { port } }, { deadlineMs: 300 }));
    const source = new EdgeSignalSource(client, rules);
    expect((await source.read(['wu-r'], Date.now())).get('wu-r')?.status).toBe('ok');
    const firstInstance = first.checker.instanceId;
    await first.close(0);
    expect((await source.read(['wu-r'], Date.now())).get('wu-r')?.status).toBe('unknown');

    // the new agent's telemetry is slow: until its first cycle finishes it has nothing to report
    let release!: () => void;
    const metrics = new FakeMetrics('wu-r');
    metrics.gate = new Promise((r) => {
      release = r;
    });
    const second = await agentFor('wu-r', { listen: `127.0.0.1:${port}`, metrics });
    const during = (await source.read(['wu-r'], Date.now())).get('wu-r')!;
    expect(during.status).toBe('unknown');
    expect(during.detail).toMatch(/first local check cycle has not finished/);
    expect(during.detail).toMatch(/agent restarted/);

    release();
    await ready(second);
    const after = await client.check('wu-r');
    expect(after.status).toBe('answered');
    const report = (after as { report: { instanceId: string; startedAtMs: number; cycle: { observedAtMs: number } } })
      .report;
    expect(report.instanceId).not.toBe(firstInstance);
    expect(report.cycle.observedAtMs).toBeGreaterThanOrEqual(report.startedAtMs);
    expect((await source.read(['wu-r'], Date.now())).get('wu-r')?.status).toBe('ok');
    client.close();
  });

  it('a stale report (the agent’s checks stopped) is "unknown", never "ok"', async () => {
    let now = Date.now();
    const config = agentConfigSchema.parse({ checkIntervalMs: 600_000 });
    const a = await agentFor('wu-s', { now: () => now, config });
    await ready(a);
    const client = new EdgeAgentClient(centralOptions(pki, { 'wu-s': { port: a.port } }));
    const source = new EdgeSignalSource(client, rules);
    expect((await source.read(['wu-s'], now)).get('wu-s')?.status).toBe('ok');
    now += 45_000; // no cycle ran since
    const stale = (await source.read(['wu-s'], now)).get('wu-s')!;
    client.close();
    expect(stale.status).toBe('unknown');
    expect(stale.detail).toMatch(/stale: last check cycle 45 s old/);
  });

  it('stale metric samples make an otherwise healthy report "unknown"', async () => {
    const old = new FakeMetrics('wu-m');
    old.sampleAgeMs = 3_600_000;
    const a = await agentFor('wu-m', { metrics: old });
    await ready(a);
    const client = new EdgeAgentClient(centralOptions(pki, { 'wu-m': { port: a.port } }));
    const s = (await new EdgeSignalSource(client, rules).read(['wu-m'], Date.now())).get('wu-m')!;
    client.close();
    expect(s.status).toBe('unknown');
    expect(s.detail).toMatch(/stale data: .*latencyP95 3600 s old/);
  });
});
