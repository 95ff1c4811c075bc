import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalChecker } from '../../edge-agent/checker.js';
import { agentConfigSchema } from '../../edge-agent/config.js';
import { messageShape } from '../../edge-agent/log-tail.js';
import { captureLog, FakeMetrics, WU } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-edge-checker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local checks of the edge agent', () => {
  it('groups log lines into patterns and measures the error-log rate; a rate over threshold is a local alert', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, '');
    const deploys = join(dir, 'deploys.jsonl');
    let now = 1_700_000_000_000;
    writeFileSync(
      deploys,
      [
        JSON.stringify({ service: 'api', version: '1.4.2', atMs: now - 600_000, detail: 'canary 10 %' }),
        JSON.stringify({ service: 'api', version: '1.4.1', atMs: now - 7_200_000 }),
        'not json',
      ].join('\n'),
    );
    const config = agentConfigSchema.parse({
      logs: { file, windowMs: 60_000, errorRateThresholdPerMinute: 10 },
      deploys: { file: deploys },
      checkIntervalMs: 60_000,
    });
    const { log, lines } = captureLog();
    const checker = new LocalChecker({ workUnit: WU, config, log, now: () => now });
    await checker.runCycle();
    expect(checker.report().health).toBe('HEALTH_HEALTHY');
    expect(checker.report().errorLog).toMatchObject({ available: true, perMinute: 0 });

    const errors = Array.from({ length: 12 }, (_, i) => `ERROR upstream 10.0.0.${i}:443 timed out after ${100 + i} ms`);
    appendFileSync(file, `${[...errors, 'INFO request served in 12 ms', 'WARN pool at 91 %'].join('\n')}\n`);
    now += 1_000;
    await checker.runCycle();
    const report = checker.report();
    expect(report.health).toBe('HEALTH_UNHEALTHY');
    expect(report.errorLog).toMatchObject({ errorLines: 12, perMinute: 12, thresholdPerMinute: 10 });
    expect(report.reasons[0]).toMatch(/error log 12\/min over the threshold of 10\/min/);
    expect(lines.find((l) => l.localAlert === 'error-log-rate')?.level).toBe(40);

    const items = await checker.context({ windowMs: 3_600_000, maxPatterns: 2 });
    const patterns = items.filter((i) => i.item === 'logPattern');
    expect(patterns).toHaveLength(2);
    expect(patterns[0]).toMatchObject({
      logPattern: { pattern: 'ERROR upstream <ip> timed out after <n> ms', count: 12, level: 'error' },
    });
    const deploysSeen = items.filter((i) => i.item === 'deploy');
    expect(deploysSeen).toEqual([
      { item: 'deploy', deploy: { service: 'api', version: '1.4.2', atMs: now - 601_000, detail: 'canary 10 %' } },
    ]);
    expect(items.some((i) => i.item === 'anomaly' && i.anomaly.kind === 'error-log-rate')).toBe(true);

    now += 61_000; // the errors leave the window
    await checker.runCycle();
    expect(checker.report().health).toBe('HEALTH_HEALTHY');
    expect(lines.some((l) => l.localAlert === 'error-log-rate' && l.resolved === true)).toBe(true);
  });

  it('probes a listener and reports it down when nothing accepts', async () => {
    const listener = createServer((s) => s.destroy());
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    const port = (listener.address() as { port: number }).port;
    const config = agentConfigSchema.parse({ probes: [{ name: 'api', kind: 'listener', port, timeoutMs: 200 }] });
    const { log, lines } = captureLog();
    const checker = new LocalChecker({ workUnit: WU, config, log });
    await checker.runCycle();
    expect(checker.report().probes[0]).toMatchObject({ name: 'api', ok: true });
    await new Promise((r) => listener.close(r));
    await checker.runCycle();
    const report = checker.report();
    expect(report.health).toBe('HEALTH_UNHEALTHY');
    expect(report.probes[0]).toMatchObject({ ok: false });
    expect(report.probes[0]?.detail).toMatch(/ECONNREFUSED/);
    expect(lines.some((l) => l.localAlert === 'listener-down:api')).toBe(true);
  });

  it('says "unknown" when it has nothing to check, and when its log file cannot be read', async () => {
    const { log } = captureLog();
    const empty = new LocalChecker({ workUnit: WU, config: agentConfigSchema.parse({}), log });
    expect(empty.report().health).toBe('HEALTH_UNKNOWN');
    await empty.runCycle();
    expect(empty.report()).toMatchObject({
      health: 'HEALTH_UNKNOWN',
      reasons: [expect.stringMatching(/nothing to check/)],
    });

    const missing = new LocalChecker({
      workUnit: WU,
      config: agentConfigSchema.parse({ logs: { file: join(dir, 'missing.log') } }),
      metrics: new FakeMetrics(),
      log,
    });
    await missing.runCycle();
    expect(missing.report().health).toBe('HEALTH_UNKNOWN');
    expect(missing.report().reasons.join()).toMatch(/error log unavailable: cannot read .*ENOENT/);
  });

  it('logs a local alert when the central has been silent, and keeps checking', async () => {
    let now = 0;
    const { log, lines } = captureLog();
    const config = agentConfigSchema.parse({ centralSilenceAlertMs: 5_000 });
    const checker = new LocalChecker({ workUnit: WU, config, metrics: new FakeMetrics(), log, now: () => now });
    await checker.runCycle();
    expect(lines.some((l) => l.localAlert === 'central-silent')).toBe(false);
    now = 6_000;
    await checker.runCycle();
    await checker.runCycle();
    expect(lines.filter((l) => l.localAlert === 'central-silent' && !l.resolved)).toHaveLength(1);
    expect(checker.report().health).toBe('HEALTH_HEALTHY');
    checker.noteCentralCall();
    expect(lines.some((l) => l.localAlert === 'central-silent' && l.resolved === true)).toBe(true);
  });

  it('message shapes hide what varies between occurrences', () => {
    expect(messageShape('2025-01-01T10:00:00Z user "bob" id 3f2a1c9e-1234-4abc-9def-0123456789ab took 35ms')).toBe(
      'user <str> id <uuid> took <n>',
    );
  });
});
