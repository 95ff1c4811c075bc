// Shadow polls never overlap, whether the timer or a pushed alert starts them, and a poll that fails
// after a pushed alert is reported, not left as an unhandled rejection (which would end the process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForAlerts } from '../../bot/app/alert-intake.js';
import { openRuntime, type Runtime } from '../../bot/app/runtime.js';
import { startShadowRunner } from '../../bot/shadow/runner.js';
import { SerialQueue } from '../../bot/shadow/serial-queue.js';
import { shadowPoll } from '../../bot/shadow/shadow-loop.js';
import { openStore } from '../../bot/store/index.js';
import { buildAlertIntake } from '../../tools/alerts/index.js';
import { alertIntakeSchema } from '../../tools/config/fleet-schema.js';
import { post, webhookBody } from '../telemetry/helpers/alert-payloads.js';
import { fleet } from '../telemetry/helpers/contract-fixture.js';
import { freePort } from '../telemetry/helpers/processes.js';

const DEMO = fileURLToPath(new URL('../../manifests/scenarios/demo.yaml', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SerialQueue', () => {
  it('runs tasks one at a time in order; a failure reaches its caller only', async () => {
    const queue = new SerialQueue();
    let inFlight = 0;
    let most = 0;
    const order: number[] = [];
    const task =
      (n: number, fail = false) =>
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(5);
        order.push(n);
        inFlight--;
        if (fail) throw new Error(`task ${n} failed`);
        return n;
      };
    const results = await Promise.allSettled([queue.run(task(1)), queue.run(task(2, true)), queue.run(task(3))]);
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await queue.idle();
  });
});

describe('the shadow runner', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await openRuntime({ scenario: DEMO, historyDays: 35 }, {});
  });

  it('extra polls and timer polls never overlap', async () => {
    const store = openStore(':memory:');
    let inFlight = 0;
    let most = 0;
    let polls = 0;
    const startMs = Date.parse('2026-03-03T21:00:00Z');
    const runner = startShadowRunner({
      // every 5 fleet minutes take 15 real ms, shorter than one poll here (each waits 25 ms more)
      clock: { now: () => startMs + polls * 300_000, realDelay: () => 15 },
      pollMs: 300_000,
      poll: async (atMs) => {
        await shadowPoll(rt.core, store, atMs);
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(25);
        polls++;
        inFlight--;
      },
      onError: (err) => {
        throw err;
      },
    });
    for (let i = 0; i < 6; i++) {
      void runner.pollNow();
      await sleep(10);
    }
    await runner.pollNow();
    await runner.stop();
    expect(polls).toBeGreaterThanOrEqual(7);
    expect(most).toBe(1);
    store.close();
  });
});

describe('a poll started by a pushed alert', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'headroom-push-poll-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('that fails is reported to pollFailed; the webhook is still accepted', async () => {
    const port = await freePort();
    const config = alertIntakeSchema.parse({
      listen: { host: '127.0.0.1', port },
      auth: { bearer: { env: 'TOKEN' } },
      database: path.join(dir, 'alerts.db'),
    });
    const bundle = buildAlertIntake(config, fleet, { TOKEN: 'push-poll-token-0123456789' });
    const failures: unknown[] = [];
    const said: string[] = [];
    const stop = await listenForAlerts(
      bundle,
      async () => {
        throw new Error('Prometheus history unavailable');
      },
      (t) => said.push(t),
      (err) => failures.push(err),
    );
    try {
      const res = await post(
        `http://127.0.0.1:${port}${config.path}`,
        JSON.stringify(webhookBody([{ labels: { work_unit: 'eu-west-1' }, fingerprint: 'f1' }])),
        { authorization: 'Bearer push-poll-token-0123456789' },
      );
      expect(res.status).toBe(200);
      for (let i = 0; i < 100 && failures.length === 0; i++) await sleep(10);
      expect(failures).toHaveLength(1);
      expect((failures[0] as Error).message).toBe('Prometheus history unavailable');
      expect(said[0]).toMatch(/Alertmanager webhooks accepted on http:\/\/127\.0\.0\.1:/);
    } finally {
      await stop();
      bundle.store.close();
    }
  });
});
