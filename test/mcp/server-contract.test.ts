// The MCP layer over test tools: listing, annotations, success, and each kind of failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_ONLY_ANNOTATIONS } from '../../bot/mcp/server.js';
import { toolInputJsonSchema } from '../../tools/registry/index.js';
import { echoUnitTool, FAKE_TOOLS, NO_DEPS } from './fake-tools.js';
import { linkedClient, textJson } from './linked-client.js';

describe('MCP server over a tool list (in-process SDK client)', () => {
  let linked: Awaited<ReturnType<typeof linkedClient>>;
  beforeAll(async () => {
    linked = await linkedClient(FAKE_TOOLS, NO_DEPS);
  });
  afterAll(async () => {
    await linked.close();
  });

  it('lists every tool with its description, the registry input schema and the read-only hints', async () => {
    const { tools } = await linked.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(FAKE_TOOLS.map((t) => t.name));
    for (const tool of tools) {
      const definition = FAKE_TOOLS.find((t) => t.name === tool.name)!;
      expect(tool.description).toBe(definition.description);
      expect(tool.inputSchema).toEqual(toolInputJsonSchema(definition));
      expect(tool.annotations).toEqual(READ_ONLY_ANNOTATIONS);
    }
  });

  it('advertises an output schema only for object results', async () => {
    const { tools } = await linked.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.get_unit_echo?.outputSchema).toMatchObject({
      type: 'object',
      properties: { workUnit: { type: 'string' }, value: { type: 'number' } },
    });
    expect(byName.get_unit_echo?.outputSchema).not.toHaveProperty('$schema');
    expect(byName.list_numbers?.outputSchema).toBeUndefined();
  });

  it('returns the data as JSON text and as structured content', async () => {
    const result = await linked.client.callTool({
      name: 'get_unit_echo',
      arguments: { workUnit: 'us-east-1', factor: 2 },
    });
    expect(result.isError).toBeFalsy();
    expect(textJson(result)).toEqual({ workUnit: 'us-east-1', value: 84 });
    expect(result.structuredContent).toEqual({ workUnit: 'us-east-1', value: 84 });
  });

  it('answers an array result in text only', async () => {
    const result = await linked.client.callTool({ name: 'list_numbers', arguments: {} });
    expect(textJson(result)).toEqual([1, 2, 3]);
    expect(result.structuredContent).toBeUndefined();
  });

  it('rejects an unknown argument with the registry INVALID_ARGUMENTS result, not the SDK text', async () => {
    const result = await linked.client.callTool({
      name: 'get_unit_echo',
      arguments: { workUnit: 'eu-west-1', unit: 'x' },
    });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    const error = textJson(result) as Record<string, unknown>;
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENTS', asked: { workUnit: 'eu-west-1', unit: 'x' } });
    expect(error.message).toContain('unknown argument "unit"');
    expect(error.hint).toContain(JSON.stringify(echoUnitTool.example));
  });

  it('rejects a wrongly typed or missing argument the same way', async () => {
    const wrongType = textJson(await linked.client.callTool({ name: 'get_unit_echo', arguments: { workUnit: 7 } }));
    expect(wrongType).toMatchObject({ code: 'INVALID_ARGUMENTS' });
    const missing = await linked.client.callTool({ name: 'get_unit_echo' });
    expect(missing.isError).toBe(true);
    expect(textJson(missing)).toMatchObject({
      code: 'INVALID_ARGUMENTS',
      message: expect.stringContaining('workUnit'),
    });
  });

  it('passes a tool’s expected failure through with what was asked and what to try', async () => {
    const result = await linked.client.callTool({ name: 'get_unit_echo', arguments: { workUnit: 'mars-1' } });
    expect(result.isError).toBe(true);
    expect(textJson(result)).toEqual({
      code: 'UNKNOWN_WORK_UNIT',
      message: 'unknown work unit "mars-1"',
      asked: { workUnit: 'mars-1' },
      hint: 'Use one of: eu-west-1, us-east-1.',
    });
  });

  it('answers an unknown tool with the registry UNKNOWN_TOOL result', async () => {
    const result = await linked.client.callTool({ name: 'drain_unit', arguments: { workUnit: 'eu-west-1' } });
    expect(result.isError).toBe(true);
    expect(textJson(result)).toMatchObject({ code: 'UNKNOWN_TOOL', hint: expect.stringContaining('get_unit_echo') });
  });

  it('turns a tool that throws into an error result and reports the crash', async () => {
    const result = await linked.client.callTool({ name: 'get_broken', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textJson(result)).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(linked.crashes.map((c) => [c.tool, (c.err as Error).message])).toEqual([['get_broken', 'boom']]);
  });
});
