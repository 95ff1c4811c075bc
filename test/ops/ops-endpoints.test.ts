// The ops endpoints on a real socket, and Headroom's metrics checked by Prometheus's own promtool.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { createMetrics } from '../../bot/ops/metrics.js';
import { type OpsServer, opsListenFrom, type Readiness, startOpsServer } from '../../bot/ops/ops-server.js';
import { openStore, type Store } from '../../bot/store/index.js';
import { content, T0 } from '../../bot/store/test-helpers.js';
import { requireBinary } from '../telemetry/helpers/binaries.js';

let server: OpsServer | undefined;
let store: Store | undefined;
afterEach(async () => {
  await server?.close();
  store?.close();
  server = undefined;
});

function promtoolCheck(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(requireBinary('promtool'), ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? -1, output }));
    child.stdin.end(text);
  });
}

async function serve(readiness: () => Readiness) {
  store = openStore(':memory:');
  const rec = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
  store.recordDecision({
    recommendationId: rec.id,
    userId: 'U1',
    atMs: T0 + 1,
    kind: 'override',
    content: {},
    followedRecommendation: false,
  });
  store.agentUsage.record({
    atMs: T0,
    model: 'm',
    outcome: 'answered',
    toolRounds: 1,
    modelCalls: 1,
    inputTokens: 1000,
    outputTokens: 200,
    cacheWriteTokens: 0,
    cacheReadTokens: 0,
    costUsd: 0.0125,
  });
  const metrics = createMetrics({ store, pollIntervalSeconds: 300, now: () => T0 });
  metrics.pollFinished(0.42, 'ok', T0);
  metrics.pollFinished(1.5, 'failed', T0);
  metrics.signalsObserved([
    {
      workUnit: 'eu-west-1',
      signals: [
        { source: 'metrics', status: 'firing', detail: '' },
        { source: 'edge-agent', status: 'unknown', detail: '' },
      ],
    },
  ]);
  metrics.slackApiError('chat.postMessage', 'ratelimited');
  metrics.edgeCheck('eu-west-1', 0.012);
  metrics.leadership(true);
  server = await startOpsServer({ address: { host: '127.0.0.1', port: 0 }, metrics, readiness });
  return server;
}

describe('ops endpoints', () => {
  it('answers /healthz, /readyz (leader or follower, ready either way) and 404 elsewhere', async () => {
    let state: Readiness = { ready: true, role: 'follower', store: 'ok', history: 'loaded' };
    const ops = await serve(() => state);
    expect(ops.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${ops.url}/healthz`)).text()).toBe('ok\n');
    const ready = await fetch(`${ops.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual(state);
    state = { ready: false, role: 'follower', store: 'unreachable', history: 'loaded' };
    const notReady = await fetch(`${ops.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ store: 'unreachable' });
    expect((await fetch(`${ops.url}/nope`)).status).toBe(404);
    expect((await fetch(`${ops.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('serves process and Headroom metrics that pass promtool check metrics', async () => {
    const ops = await serve(() => ({ ready: true, role: 'leader', store: 'ok', history: 'loaded' }));
    const res = await fetch(`${ops.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const line of [
      'headroom_polls_total{outcome="ok"} 1',
      'headroom_polls_total{outcome="failed"} 1',
      'headroom_poll_duration_seconds_count 2',
      'headroom_poll_interval_seconds 300',
      'headroom_open_recommendations 1',
      'headroom_decisions{kind="override"} 1',
      'headroom_signal_state{work_unit="eu-west-1",source="metrics",state="firing"} 1',
      'headroom_signal_state{work_unit="eu-west-1",source="edge-agent",state="unknown"} 1',
      'headroom_signal_state{work_unit="eu-west-1",source="edge-agent",state="ok"} 0',
      'headroom_slack_api_errors_total{method="chat.postMessage",error="ratelimited"} 1',
      'headroom_claude_tokens_total 1200',
      'headroom_claude_cost_dollars_total 0.0125',
      'headroom_edge_check_duration_seconds_count{work_unit="eu-west-1"} 1',
      'headroom_leader 1',
      'headroom_leadership_changes_total 1',
      'headroom_store_up 1',
    ])
      expect(text).toContain(line);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^headroom_last_poll_timestamp_seconds \d{10}/m);
    const check = await promtoolCheck(text);
    expect(check.output).toBe('');
    expect(check.code).toBe(0);
  });

  it('promtool does fail on a badly named metric (the check can fail)', async () => {
    const check = await promtoolCheck('# HELP bad_count a counter\n# TYPE bad_count counter\nbad_count 1\n');
    expect(check.code).not.toBe(0);
    expect(check.output).toMatch(/counter metrics should have "_total" suffix/);
  });

  it('reads HEADROOM_OPS_LISTEN: loopback by default, off, and a clear error for nonsense', () => {
    expect(opsListenFrom({})).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(opsListenFrom({ HEADROOM_OPS_LISTEN: '0.0.0.0:9000' })).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(opsListenFrom({ HEADROOM_OPS_LISTEN: 'off' })).toBeUndefined();
    expect(() => opsListenFrom({ HEADROOM_OPS_LISTEN: 'here' })).toThrow(HeadroomError);
    expect(() => opsListenFrom({ HEADROOM_OPS_LISTEN: 'here' })).toThrow(/HEADROOM_OPS_LISTEN: cannot read "here"/);
  });

  it('says which address is taken', async () => {
    const first = await serve(() => ({ ready: true, role: 'leader', store: 'ok', history: 'loaded' }));
    const metrics = createMetrics({ store: store!, pollIntervalSeconds: 60, now: () => T0 });
    await expect(
      startOpsServer({
        address: { host: '127.0.0.1', port: first.port },
        metrics,
        readiness: () => ({ ready: true, role: 'leader', store: 'ok', history: 'loaded' }),
      }),
    ).rejects.toThrow(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}: EADDRINUSE`));
  });
});
