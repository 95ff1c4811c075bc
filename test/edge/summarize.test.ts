import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeAgent } from '../../edge-agent/agent.js';
import { agentConfigSchema } from '../../edge-agent/config.js';
import { summarize } from '../../edge-agent/summarize.js';
import type { CheckReport } from '../../edge-agent/wire/types.js';
import { EdgeAgentClient } from '../../tools/edge/client.js';
import {
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

type Mode = 'ok' | 'slow' | 'http500' | 'malformed' | 'no-choices';

/** A small local fake of the OpenAI-compatible chat completions API (as vLLM, Ollama, llama.cpp serve it). */
let mode: Mode = 'ok';
const requests: { url: string; body: Record<string, unknown> }[] = [];
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown> });
      const json = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      };
      if (mode === 'ok')
        json(
          200,
          JSON.stringify({ choices: [{ message: { role: 'assistant', content: ' All quiet on eu-west-1. ' } }] }),
        );
      else if (mode === 'slow')
        setTimeout(() => json(200, JSON.stringify({ choices: [{ message: { content: 'late' } }] })), 1_000);
      else if (mode === 'http500') json(500, '{"error":"CUDA out of memory"}');
      else if (mode === 'malformed') json(200, '{"choices": [');
      else json(200, '{"object":"chat.completion"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const report: CheckReport = {
  workUnit: WU,
  agentVersion: '0.1.0',
  instanceId: 'i',
  startedAtMs: 0,
  generatedAtMs: 10_000,
  health: 'HEALTH_UNHEALTHY',
  reasons: ['listener api failed: 127.0.0.1:8080 ECONNREFUSED'],
  probes: [
    {
      name: 'api',
      kind: 'listener',
      ok: false,
      detail: 'ECONNREFUSED',
      latencyMs: 1,
      age: { observedAtMs: 9_000, ageMs: 1_000 },
    },
  ],
  metrics: {
    source: 'simulated',
    samples: [{ metric: 'latencyP95', value: 321.4, age: { observedAtMs: 0, ageMs: 10_000 }, stale: false }],
    note: '',
    status: 'partial',
    missing: [],
    freshnessMs: 0,
  },
  errorLog: {
    available: true,
    perMinute: 12.5,
    errorLines: 25,
    windowMs: 120_000,
    thresholdPerMinute: 30,
    age: { observedAtMs: 9_000, ageMs: 1_000 },
    note: '',
  },
  anomalies: [],
  cycle: { observedAtMs: 9_000, ageMs: 1_000 },
  lastCentralCallMs: 0,
};
const EXPECTED_DETERMINISTIC =
  'eu-west-1: unhealthy. Reasons: listener api failed: 127.0.0.1:8080 ECONNREFUSED. Probes: 0/1 ok. ' +
  'Error log: 12.5/min (threshold 30/min). Metrics (simulated, up to 10 s old): p95 321 ms. Check cycle 1 s old; agent 0.1.0.';

const model = (timeoutMs = 200) => ({ endpoint, model: 'qwen2.5-0.5b-instruct', timeoutMs, maxTokens: 64 });

describe('Summarize through the local OpenAI-compatible endpoint', () => {
  it('uses the model answer and sends {model, messages, max_tokens} to /v1/chat/completions', async () => {
    mode = 'ok';
    requests.length = 0;
    const s = await summarize(report, 'what is wrong?', 500, model());
    expect(s).toMatchObject({
      source: 'model',
      text: 'All quiet on eu-west-1.',
      model: 'qwen2.5-0.5b-instruct',
      fallbackReason: '',
    });
    expect(requests[0]?.url).toBe('/v1/chat/completions');
    expect(requests[0]?.body).toMatchObject({ model: 'qwen2.5-0.5b-instruct', max_tokens: 64 });
    expect(JSON.stringify(requests[0]?.body.messages)).toContain('what is wrong?');
  });

  it.each([
    ['slow', /timed out after 200 ms/],
    ['http500', /HTTP 500/],
    ['malformed', /malformed JSON/],
    ['no-choices', /no choices\[0\]\.message\.content/],
  ] as const)('falls back to the deterministic summary when the model is %s', async (m, reason) => {
    mode = m;
    const t0 = performance.now();
    const s = await summarize(report, '', 100, model());
    expect(performance.now() - t0).toBeLessThan(600);
    expect(s.source).toBe('deterministic');
    expect(s.fallbackReason).toMatch(reason);
    expect(s.text).toBe(EXPECTED_DETERMINISTIC);
  });

  it('falls back when nothing listens at the endpoint', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const s = await summarize(report, '', 100, { ...model(), endpoint: `http://127.0.0.1:${port}` });
    expect(s).toMatchObject({ source: 'deterministic', text: EXPECTED_DETERMINISTIC });
    expect(s.fallbackReason).toMatch(/unreachable \(ECONNREFUSED\)/);
  });

  it('the agent answers Summarize over mTLS with the fallback when its model is slow', async () => {
    let pki: EdgePki | undefined;
    try {
      pki = makeEdgePki();
      mode = 'slow';
      const config = agentConfigSchema.parse({ model: { endpoint, model: 'm', timeoutMs: 100 } });
      const agent = await startEdgeAgent({
        workUnit: WU,
        listen: '127.0.0.1:0',
        tls: agentTls(pki),
        allowIdentities: [CENTRAL_ID],
        metrics: new FakeMetrics(),
        config,
        log: captureLog().log,
      });
      await until(() => agent.checker.report().health !== 'HEALTH_UNKNOWN');
      const client = new EdgeAgentClient(centralOptions(pki, { [WU]: { port: agent.port } }));
      const s = await client.summarize(WU, { question: 'status?' }, 2_000);
      client.close();
      await agent.close(0);
      expect(s.source).toBe('deterministic');
      expect(s.fallbackReason).toMatch(/timed out after 100 ms/);
      expect(s.text).toMatch(/^eu-west-1: healthy\./);
    } finally {
      pki?.pki.cleanup();
    }
  });

  it('refuses a model endpoint that is not on the loopback interface', () => {
    expect(agentConfigSchema.safeParse({ model: { endpoint: 'http://10.0.0.5:8000', model: 'm' } }).success).toBe(
      false,
    );
    expect(agentConfigSchema.safeParse({ model: { endpoint: 'http://127.0.0.1:8000', model: 'm' } }).success).toBe(
      true,
    );
  });
});
