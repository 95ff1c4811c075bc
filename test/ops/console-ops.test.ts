// The ops endpoints in console mode too: `headroom start` on SQLite (always the leader), polls counted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureEdgeChecks } from '../../bot/ha/replica.js';
import { createMetrics } from '../../bot/ops/metrics.js';
import { openStore } from '../../bot/store/index.js';
import type { EdgeAgentClient } from '../../tools/edge/client.js';
import { startReplicaProcess } from '../ha/replica-process.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-console-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ops endpoints of the console', () => {
  it('serve /healthz, /readyz (leader on SQLite) and /metrics with the polls made', async () => {
    const p = startReplicaProcess('console', ['--speed', '600', '--db', join(dir, 'h.db')], {
      HEADROOM_HISTORY_DAYS: '14',
      HEADROOM_OPS_LISTEN: '127.0.0.1:0',
    });
    try {
      const url = (await p.waitFor(/Ops endpoints on (http:\/\/127\.0\.0\.1:\d+)/, 60_000))[1]!;
      await p.waitFor(/NEW #1 eu-west-1/, 60_000);
      expect(await (await fetch(`${url}/healthz`)).text()).toBe('ok\n');
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({
        ready: true,
        role: 'leader',
        store: 'ok',
        history: 'loaded',
      });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(Number(/^headroom_polls_total\{outcome="ok"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
      expect(metrics).toMatch(/^headroom_open_recommendations 1$/m);
      expect(metrics).toMatch(/^headroom_signal_state\{work_unit="eu-west-1",source="metrics",state="firing"\} 1$/m);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
  }, 120_000);

  it('time every answered edge check', async () => {
    const store = openStore(':memory:');
    const metrics = createMetrics({ store, pollIntervalSeconds: 60, now: () => 0 });
    const client = {
      checkAll: async () =>
        new Map([
          ['eu-west-1', { workUnit: 'eu-west-1', status: 'answered', latencyMs: 12 }],
          ['us-east-1', { workUnit: 'us-east-1', status: 'unreachable', latencyMs: 0 }],
        ]),
    } as unknown as EdgeAgentClient;
    measureEdgeChecks(client, metrics);
    await client.checkAll(['eu-west-1', 'us-east-1']);
    const text = await metrics.registry.metrics();
    expect(text).toContain('headroom_edge_check_duration_seconds_count{work_unit="eu-west-1"} 1');
    expect(text).toContain('headroom_edge_check_duration_seconds_sum{work_unit="eu-west-1"} 0.012');
    expect(text).not.toContain('work_unit="us-east-1"');
    store.close();
  });
});
