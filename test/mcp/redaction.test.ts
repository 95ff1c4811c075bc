// Results served over MCP go to Claude Code, and so to Claude: the same redaction as the agent's
// applies before they leave, to the text block and to the structured content alike.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openRuntime, type Runtime } from '../../bot/app/runtime.js';
import { mcpRedaction } from '../../bot/mcp/redaction.js';
import { openStore, type Store } from '../../bot/store/index.js';
import { toolDepsForRuntime } from '../../bot/tools-deps.js';
import { CLAUDE_DEFAULTS, claudeSchema } from '../../tools/config/claude-schema.js';
import { TOOLS } from '../../tools/registry/index.js';
import type { ToolDeps } from '../../tools/registry/types.js';
import { defineTool } from '../../tools/registry/types.js';
import { DEMO_SCENARIO } from './fleet-deps.js';
import { linkedClient, textJson } from './linked-client.js';

const SLACK_USER = 'U04ABCD1234';
const EMAIL = 'oncall.lead@example.com';
const IP = '10.42.7.19';
const DB_URL_SECRET = 'S3cretPw';
const ALERT = `EdgeConnectionsDropped on ${IP}, paged ${EMAIL}; runbook uses postgres://admin:${DB_URL_SECRET}@db:5432/x`;
const SECRETS = [SLACK_USER, EMAIL, IP, DB_URL_SECRET];

/** Everything a client receives from one call, as one string. */
const everything = (result: unknown) => JSON.stringify(result);

describe('MCP results are redacted before they leave', () => {
  let runtime: Runtime;
  let store: Store;
  let deps: ToolDeps;
  beforeAll(async () => {
    runtime = await openRuntime({ scenario: DEMO_SCENARIO, historyDays: 35 }, {});
    store = openStore(':memory:');
    const base = toolDepsForRuntime(runtime, store);
    const now = base.now();
    const rec = store.openRecommendation({
      workUnit: 'eu-west-1',
      atMs: now - 600_000,
      verdict: 'failover',
      confidence: 'high',
      summary: `Fail over eu-west-1: ${ALERT}`,
      payload: {},
    });
    store.recordDecision({
      recommendationId: rec.id,
      userId: SLACK_USER,
      atMs: now - 300_000,
      kind: 'override',
      content: { note: `asked ${EMAIL} and <@${SLACK_USER}>, host ${IP}`, split: { 'us-east-1': 1 } },
      followedRecommendation: false,
    });
    // Alert text reaches get_signals through the Alertmanager signal's detail.
    deps = {
      ...base,
      status: async (atMs) => {
        const status = await base.status(atMs);
        for (const unit of status.workUnits) {
          for (const signal of unit.signals) {
            if (signal.source === 'alertmanager') signal.detail = ALERT;
          }
        }
        return status;
      },
    };
  });
  afterAll(() => {
    runtime?.close();
    store?.close();
  });

  it.each([
    ['get_decisions', {}],
    ['get_recommendations', {}],
    ['get_signals', { workUnit: 'eu-west-1' }],
  ])('%s: no Slack user id, email, IP or URL password in the text or the structured content', async (name, args) => {
    // Without redaction the secrets are there: the check below is not vacuous.
    const raw = await linkedClient(TOOLS, deps, { enabled: false, extra: [] });
    const unredacted = everything(await raw.client.callTool({ name, arguments: args }));
    await raw.close();
    expect(unredacted).toContain(EMAIL);
    const linked = await linkedClient(TOOLS, deps);
    try {
      const result = await linked.client.callTool({ name, arguments: args });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      // The SDK client has checked structuredContent against the advertised output schema.
      expect(result.structuredContent).toEqual(textJson(result));
      const seen = everything(result);
      for (const secret of SECRETS) expect(seen).not.toContain(secret);
      expect(seen).toContain('[redacted');
      expect(linked.crashes).toEqual([]);
    } finally {
      await linked.close();
    }
  });

  it('figures and structure are kept: redaction replaces substrings inside strings only', async () => {
    const linked = await linkedClient(TOOLS, deps);
    try {
      const result = await linked.client.callTool({ name: 'get_decisions', arguments: {} });
      const data = result.structuredContent as {
        decisions: { userId: string; content: { note: string; split: Record<string, number> } }[];
        agreement: { decisions: number; followed: number };
      };
      expect(data.decisions).toHaveLength(1);
      expect(data.decisions[0]!.userId).toBe('[redacted user a]');
      expect(data.decisions[0]!.content).toEqual({
        note: 'asked [redacted email a] and [redacted user a], host [redacted ip a]',
        split: { 'us-east-1': 1 },
      });
      expect(data.agreement).toMatchObject({ decisions: 1, followed: 0 });
    } finally {
      await linked.close();
    }
  });

  it('expected failures are redacted too (they echo what was asked)', async () => {
    const linked = await linkedClient(TOOLS, deps);
    try {
      const result = (await linked.client.callTool({
        name: 'get_headroom',
        arguments: { workUnit: EMAIL },
      })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(everything(result)).not.toContain(EMAIL);
      expect((textJson(result) as { asked: unknown }).asked).toEqual({ workUnit: '[redacted email a]' });
    } finally {
      await linked.close();
    }
  });
});

describe('redaction settings from the fleet file', () => {
  it('headroom mcp takes claude.redaction: on with the built-in rules when the section is absent', () => {
    expect(mcpRedaction({})).toEqual({ enabled: true, extra: [] });
    expect(mcpRedaction({ claude: CLAUDE_DEFAULTS })).toEqual({ enabled: true, extra: [] });
    const claude = claudeSchema.parse({
      redaction: { enabled: false, patterns: [{ name: 'customer', regex: 'CUST-\\d{6}' }] },
    });
    expect(mcpRedaction({ claude })).toEqual({ enabled: false, extra: [{ name: 'customer', regex: 'CUST-\\d{6}' }] });
  });

  const noteTool = defineTool({
    name: 'get_note',
    description: 'Returns a note with a customer id and an email.',
    input: z.strictObject({}),
    output: z.object({ note: z.string(), count: z.number() }),
    readOnly: true,
    async run() {
      return { ok: true, data: { note: `CUST-778812 wrote from ${EMAIL}`, count: 2 } };
    },
  });

  it('extra patterns apply; the built-in rules stay on', async () => {
    const linked = await linkedClient([noteTool], {} as ToolDeps, {
      enabled: true,
      extra: [{ name: 'customer', regex: 'CUST-\\d{6}' }],
    });
    try {
      const result = await linked.client.callTool({ name: 'get_note', arguments: {} });
      expect(result.structuredContent).toEqual({ note: '[redacted customer] wrote from [redacted email a]', count: 2 });
      expect(textJson(result)).toEqual(result.structuredContent);
    } finally {
      await linked.close();
    }
  });

  it('claude.redaction.enabled: false turns it off (debugging against a local model only)', async () => {
    const linked = await linkedClient([noteTool], {} as ToolDeps, { enabled: false, extra: [] });
    try {
      const result = await linked.client.callTool({ name: 'get_note', arguments: {} });
      expect(result.structuredContent).toEqual({ note: `CUST-778812 wrote from ${EMAIL}`, count: 2 });
    } finally {
      await linked.close();
    }
  });
});

describe('redaction keeps what tells results apart', () => {
  const series: { labels: Record<string, string>; value: number }[] = [
    { labels: { instance: '10.0.3.17:9100', alertname: 'HeadroomEuWest1ConnectionDropCritical' }, value: 0.91 },
    { labels: { instance: '10.0.3.18:9100', alertname: 'HeadroomEuWest1ConnectionDropCritical' }, value: 0.42 },
    { labels: { instance: '10.0.3.17:9100', node: 'W2K19SRV01' }, value: 0.5 },
  ];
  const seriesTool = defineTool({
    name: 'get_series',
    description: 'Returns node series with instance labels, an alert and a trace id.',
    input: z.strictObject({}),
    output: z.object({
      series: z.array(z.object({ labels: z.record(z.string(), z.string()), value: z.number() })),
      alert: z.string(),
      traceId: z.string(),
    }),
    readOnly: true,
    async run() {
      return {
        ok: true,
        data: {
          series,
          alert: `HeadroomEuWest1ConnectionDropCritical on 10.0.3.18, ack by ${SLACK_USER}`,
          traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        },
      };
    },
  });

  it('instances get distinct, stable placeholders per result; alert names, hostnames and trace ids are kept', async () => {
    const linked = await linkedClient([seriesTool], {} as ToolDeps);
    try {
      const result = await linked.client.callTool({ name: 'get_series', arguments: {} });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect(textJson(result)).toEqual(result.structuredContent);
      expect(result.structuredContent).toEqual({
        series: [
          {
            labels: { instance: '[redacted ip a]:9100', alertname: 'HeadroomEuWest1ConnectionDropCritical' },
            value: 0.91,
          },
          {
            labels: { instance: '[redacted ip b]:9100', alertname: 'HeadroomEuWest1ConnectionDropCritical' },
            value: 0.42,
          },
          { labels: { instance: '[redacted ip a]:9100', node: 'W2K19SRV01' }, value: 0.5 },
        ],
        alert: 'HeadroomEuWest1ConnectionDropCritical on [redacted ip b], ack by [redacted user a]',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      });
      // Per result: the next call starts again at "a".
      const again = await linked.client.callTool({ name: 'get_series', arguments: {} });
      expect(again.structuredContent).toEqual(result.structuredContent);
    } finally {
      await linked.close();
    }
  });
});
