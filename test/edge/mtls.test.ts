import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeAgent, startEdgeAgent } from '../../edge-agent/agent.js';
import { newEdgeAgentClient } from '../../edge-agent/wire/proto.js';
import type { CheckReport } from '../../edge-agent/wire/types.js';
import { EdgeAgentClient } from '../../tools/edge/client.js';
import {
  AGENT_ID,
  agentTls,
  CENTRAL_ID,
  captureLog,
  centralOptions,
  type EdgePki,
  FakeMetrics,
  makeEdgePki,
  until,
  WU,
} from './fixtures.js';

let pki: EdgePki;
let agent: EdgeAgent;
const { log, lines } = captureLog();

beforeAll(async () => {
  pki = makeEdgePki();
  agent = await startEdgeAgent({
    workUnit: WU,
    listen: '127.0.0.1:0',
    tls: agentTls(pki),
    allowIdentities: [CENTRAL_ID],
    metrics: new FakeMetrics(),
    log,
  });
  await until(() => agent.checker.report().health !== 'HEALTH_UNKNOWN');
});

afterAll(async () => {
  await agent?.close();
  pki?.pki.cleanup();
});

/** A raw call with whatever credentials the test gives, to see how the agent answers. */
function rawCheck(credentials: grpc.ChannelCredentials): Promise<{ err: grpc.ServiceError | null; res: unknown }> {
  const client = newEdgeAgentClient(`127.0.0.1:${agent.port}`, credentials, {
    'grpc.ssl_target_name_override': AGENT_ID,
  });
  return new Promise((resolve) => {
    (client as unknown as Record<string, (...a: unknown[]) => void>).Check!(
      {},
      { deadline: Date.now() + 2_000 },
      (err: grpc.ServiceError | null, res: unknown) => {
        client.close();
        resolve({ err, res });
      },
    );
  });
}

const ca = () => readFileSync(pki.fleetCa.cert);
const trustAgent = { checkServerIdentity: () => undefined };

describe('edge agent over mutual TLS', () => {
  it('answers the central with a report whose every datum has an age', async () => {
    const client = new EdgeAgentClient(centralOptions(pki, { [WU]: { port: agent.port } }));
    const outcome = await client.check(WU);
    client.close();
    expect(outcome.status).toBe('answered');
    const report = (outcome as { report: CheckReport }).report;
    expect(report.workUnit).toBe(WU);
    expect(report.health).toBe('HEALTH_HEALTHY');
    expect(report.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.agentVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(report.metrics.source).toBe('simulated');
    expect(report.metrics.samples.map((s) => s.metric).sort()).toEqual([
      'cpu',
      'errorRate',
      'latencyP95',
      'load',
      'memory',
    ]);
    for (const s of report.metrics.samples) {
      expect(s.age.ageMs).toBeGreaterThanOrEqual(1_000);
      expect(s.age.observedAtMs).toBeGreaterThan(0);
    }
    expect(report.cycle.observedAtMs).toBeGreaterThanOrEqual(report.startedAtMs);
    expect(report.errorLog.available).toBe(false);
    expect(report.errorLog.note).toMatch(/no log file/);
  });

  it('refuses a client without a certificate', async () => {
    const { err } = await rawCheck(grpc.credentials.createSsl(ca(), null, null, trustAgent));
    expect(err?.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('refuses a client certificate from another CA, even with the allowed identity', async () => {
    const { err } = await rawCheck(
      grpc.credentials.createSsl(
        ca(),
        readFileSync(pki.rogueCentral.key),
        readFileSync(pki.rogueCentral.cert),
        trustAgent,
      ),
    );
    expect(err?.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('refuses a client of the right CA whose identity is not allowed', async () => {
    const { err } = await rawCheck(
      grpc.credentials.createSsl(ca(), readFileSync(pki.stranger.key), readFileSync(pki.stranger.cert), trustAgent),
    );
    expect(err?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(
      lines.some((l) => String(l.msg).includes('refused a caller') && String(l.san).includes('someone-else')),
    ).toBe(true);
  });

  it('the central refuses an agent whose identity is not the unit’s configured one', async () => {
    const client = new EdgeAgentClient(
      centralOptions(pki, { [WU]: { port: agent.port, identity: 'edge.us-east-1.headroom.internal' } }),
    );
    const outcome = await client.check(WU);
    client.close();
    expect(outcome).toMatchObject({ status: 'unreachable', reason: 'tls' });
    expect((outcome as { detail: string }).detail).toContain(AGENT_ID);
  });

  it('summarizes deterministically when no local model is configured', async () => {
    const client = new EdgeAgentClient(centralOptions(pki, { [WU]: { port: agent.port } }));
    const summary = await client.summarize(WU, { question: 'how is it?' }, 2_000);
    client.close();
    expect(summary).toMatchObject({ source: 'deterministic', fallbackReason: 'no local model configured' });
    expect(summary.text).toMatch(/^eu-west-1: healthy\. .*p95 210 ms/);
  });
});
