import { type ChildProcess, spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../bot/cli/command.js';
import { edgeCheckCommand } from '../../bot/cli/commands/edge-check.js';
import { edgeAgentCommand } from '../../edge-agent/cli/command.js';
import { AGENT_ID, CENTRAL_ID, type EdgePki, makeEdgePki, until } from './fixtures.js';

async function run(command: CliCommand, argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const code = await command.run({ argv, stdout, stderr, env: {}, cwd: process.cwd() });
  return { code, out, err };
}

let pki: EdgePki;
let child: ChildProcess | undefined;
beforeAll(() => {
  pki = makeEdgePki();
});
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  pki?.pki.cleanup();
});

describe('headroom edge-agent / edge check', () => {
  it('edge-agent: a missing --cert is a usage error (exit 1)', async () => {
    const r = await run(edgeAgentCommand, [
      '--work-unit',
      'eu-west-1',
      '--listen',
      '127.0.0.1:0',
      '--key',
      'k',
      '--ca',
      'c',
      '--allow-identity',
      CENTRAL_ID,
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing --cert/);
  });

  it('edge-agent: an unknown work unit is refused with the known IDs (exit 1)', async () => {
    const r = await run(edgeAgentCommand, [
      '--work-unit',
      'mars-1',
      '--listen',
      '127.0.0.1:0',
      '--cert',
      pki.agent.cert,
      '--key',
      pki.agent.key,
      '--ca',
      pki.fleetCa.cert,
      '--allow-identity',
      CENTRAL_ID,
      '--metrics',
      'simulated',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown work unit "mars-1"; known work units: us-east-1, .*eu-west-1/);
  });

  it('edge-agent: an unknown option is a usage error (exit 1)', async () => {
    expect((await run(edgeAgentCommand, ['--bogus'])).code).toBe(1);
  });

  it('edge check: unknown work unit, and --target without an identity to pin, are usage errors', async () => {
    const unknown = await run(edgeCheckCommand, ['mars-1']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/known work units: us-east-1/);
    const noIdentity = await run(edgeCheckCommand, [
      'eu-west-1',
      '--target',
      '127.0.0.1:7443',
      '--cert',
      'a',
      '--key',
      'b',
      '--ca',
      'c',
    ]);
    expect(noIdentity.code).toBe(1);
    expect(noIdentity.err).toMatch(/--identity NAME is required/);
    const noEdge = await run(edgeCheckCommand, ['eu-west-1']);
    expect(noEdge.code).toBe(1);
    expect(noEdge.err).toMatch(/no edge agent configured for eu-west-1/);
  });

  it('runs the agent, checks it with --target --json, then reports "unknown" (exit 2) once it is stopped', async () => {
    const runner = fileURLToPath(new URL('./run-agent.ts', import.meta.url));
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));

    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        runner,
        '--work-unit',
        'eu-west-1',
        '--listen',
        `127.0.0.1:${port}`,
        '--cert',
        pki.agent.cert,
        '--key',
        pki.agent.key,
        '--ca',
        pki.fleetCa.cert,
        '--allow-identity',
        CENTRAL_ID,
        '--metrics',
        'simulated',
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let started = '';
    let logs = '';
    child.stdout!.on('data', (c) => {
      started += c;
    });
    child.stderr!.on('data', (c) => {
      logs += c;
    });
    await until(() => started.includes('\n'), 15_000, 25);
    expect(JSON.parse(started)).toMatchObject({
      workUnit: 'eu-west-1',
      listening: `127.0.0.1:${port}`,
      metrics: 'simulated',
    });

    const args = [
      'eu-west-1',
      '--target',
      `127.0.0.1:${port}`,
      '--cert',
      pki.central.cert,
      '--key',
      pki.central.key,
      '--ca',
      pki.fleetCa.cert,
      '--identity',
      AGENT_ID,
      '--deadline',
      '2000',
    ];
    let r = await run(edgeCheckCommand, [...args, '--json']);
    await until(
      async () => {
        r = await run(edgeCheckCommand, [...args, '--json']);
        return JSON.parse(r.out).report?.health !== 'HEALTH_UNKNOWN';
      },
      10_000,
      50,
    );
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.out);
    expect(answer).toMatchObject({ workUnit: 'eu-west-1', status: 'answered', identity: AGENT_ID });
    expect(answer.report.metrics.source).toBe('simulated');
    expect(answer.report.metrics.samples.length).toBe(7);
    expect(['ok', 'firing']).toContain(answer.signal.status);

    const textOut = await run(edgeCheckCommand, args);
    expect(textOut.out).toMatch(/^edge signal: (ok|firing) — /);
    expect(textOut.out).toMatch(/metric latencyP95 = \d+ \(simulated\) \[\d+(\.\d)? s old\]/);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs).toMatch(/edge agent stopped/);

    const after = await run(edgeCheckCommand, [...args.slice(0, -2), '--deadline', '200', '--json']);
    expect(after.code).toBe(2);
    expect(JSON.parse(after.out)).toMatchObject({ status: 'unreachable', signal: { status: 'unknown' } });
  });
});
