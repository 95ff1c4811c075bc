// Over MCP the order is the agent's: neutralise, redact, then defang. A webhook URL or a private IP
// inside a link is redacted (defanging first hid it from the rules), and bare URLs reach the client
// defanged, in the text block and the structured content alike.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolDeps } from '../../tools/registry/types.js';
import { defineTool } from '../../tools/registry/types.js';
import { linkedClient, textJson } from './linked-client.js';

const HOOK_SECRET = 'abcdefghijklmnopqrstuvwx';
const ALERT =
  `HighErrorRate: post to [hook](https://hooks.slack.com/services/T0001/B0001/${HOOK_SECRET}), ` +
  'graph http://10.20.30.40:9090/graph, details https://evil.example/x?d=1; eu-west-1a at 87.5 %';

const alertTool = defineTool({
  name: 'get_alert_text',
  description: 'Returns one alert summary.',
  input: z.strictObject({}),
  output: z.object({ summary: z.string() }),
  readOnly: true,
  async run() {
    return { ok: true, data: { summary: ALERT } };
  },
});

describe('links in MCP results', () => {
  it('are defanged after redaction', async () => {
    const linked = await linkedClient([alertTool], {} as ToolDeps);
    try {
      const result = await linked.client.callTool({ name: 'get_alert_text', arguments: {} });
      expect(result.structuredContent).toEqual(textJson(result));
      const { summary } = result.structuredContent as { summary: string };
      expect(summary).not.toContain(HOOK_SECRET);
      expect(summary).toContain('[redacted webhook url]');
      expect(summary).not.toMatch(/10(?:\[\.\]|\.)20(?:\[\.\]|\.)30/);
      expect(summary).toContain('hxxps://evil[.]example/x?d=1');
      expect(summary).not.toMatch(/https?:\/\/(?!\[redacted)/);
      expect(summary).toContain('eu-west-1a at 87.5 %');
    } finally {
      await linked.close();
    }
  });
});
