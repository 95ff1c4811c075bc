// The real registry (TOOLS) over the real runtime, through an in-process MCP client: what an MCP
// client sees must be exactly what runTool gives Claude.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_ONLY_ANNOTATIONS } from '../../bot/mcp/server.js';
import { runTool, TOOLS, toolInputJsonSchema } from '../../tools/registry/index.js';
import type { ToolDeps } from '../../tools/registry/types.js';
import { openFleetDeps } from './fleet-deps.js';
import { linkedClient, textJson } from './linked-client.js';

describe('MCP server over the tool registry', () => {
  let fleet: Awaited<ReturnType<typeof openFleetDeps>>;
  let deps: ToolDeps;
  let linked: Awaited<ReturnType<typeof linkedClient>>;
  beforeAll(async () => {
    fleet = await openFleetDeps();
    deps = fleet.deps;
    linked = await linkedClient(TOOLS, deps);
  });
  afterAll(async () => {
    await linked.close();
    fleet.close();
  });

  it('lists every registry tool, read-only, with the input schema Claude is given', async () => {
    const { tools } = await linked.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    for (const tool of TOOLS) {
      const listed = tools.find((t) => t.name === tool.name)!;
      expect(listed.annotations, tool.name).toEqual(READ_ONLY_ANNOTATIONS);
      expect(listed.inputSchema, tool.name).toEqual(toolInputJsonSchema(tool));
      expect(listed.description, tool.name).toBe(tool.description);
    }
  });

  it.each(
    TOOLS.map((t) => [t.name, t.example ?? {}] as const),
  )('%s with its documented example answers what runTool answers', async (name, example) => {
    const direct = await runTool(name, example, deps);
    // The SDK client checks structured content against the advertised output schema, so a schema
    // that does not describe the real data fails here.
    const viaMcp = await linked.client.callTool({ name, arguments: example as Record<string, unknown> });
    if (direct.ok) {
      expect(viaMcp.isError, JSON.stringify(viaMcp.content)).toBeFalsy();
      expect(textJson(viaMcp)).toEqual(JSON.parse(JSON.stringify(direct.data)));
      if (viaMcp.structuredContent) expect(viaMcp.structuredContent).toEqual(textJson(viaMcp));
    } else {
      expect(viaMcp.isError).toBe(true);
      expect(textJson(viaMcp)).toEqual(JSON.parse(JSON.stringify(direct.error)));
    }
    expect(linked.crashes).toEqual([]);
  });

  it('get_headroom answers for a real unit with structured content', async () => {
    const result = await linked.client.callTool({ name: 'get_headroom', arguments: { workUnit: 'eu-west-1' } });
    expect(result.isError).toBeFalsy();
    const data = result.structuredContent as { workUnits: { id: string; safeCapacity: number }[] };
    expect(data.workUnits.map((u) => u.id)).toEqual(['eu-west-1']);
    expect(data.workUnits[0]!.safeCapacity).toBeGreaterThan(0);
  });

  it('rejects an unknown argument with INVALID_ARGUMENTS naming it', async () => {
    const result = await linked.client.callTool({ name: 'get_headroom', arguments: { work_unit: 'eu-west-1' } });
    expect(result.isError).toBe(true);
    const error = textJson(result) as { code: string; message: string; asked: unknown; hint: string };
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.message).toContain('"work_unit"');
    expect(error.asked).toEqual({ work_unit: 'eu-west-1' });
    expect(error.hint).toContain('workUnit');
  });

  it('answers an unknown work unit with UNKNOWN_WORK_UNIT and the valid ids', async () => {
    const result = await linked.client.callTool({ name: 'recommend_failover', arguments: { workUnit: 'mars-1' } });
    expect(result.isError).toBe(true);
    const error = textJson(result) as { code: string; asked: unknown; hint: string };
    expect(error.code).toBe('UNKNOWN_WORK_UNIT');
    expect(error.asked).toEqual({ workUnit: 'mars-1' });
    expect(error.hint).toContain('eu-west-1');
  });
});
