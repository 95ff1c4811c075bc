// The registry's promises, for every tool: verb_noun names, read-only, described strict inputs,
// and arguments the model gets wrong (unknown keys, wrong types, missing fields) rejected with a
// message naming each bad path and a hint showing what to send — before any tool code runs.
import { describe, expect, it } from 'vitest';
import { findTool, runTool, TOOLS, type ToolDeps, toolInputJsonSchema } from '../../tools/registry/index.js';

/** Deps that fail the test if a tool reaches them: argument checks must come first. */
const untouchable = new Proxy({} as ToolDeps, {
  get(_target, prop) {
    throw new Error(`a tool reached deps.${String(prop)} with invalid arguments`);
  },
});

interface JsonProperty {
  type?: string;
  description?: string;
  anyOf?: unknown[];
}

function properties(name: string): Record<string, JsonProperty> {
  return (toolInputJsonSchema(findTool(name)!) as { properties: Record<string, JsonProperty> }).properties;
}

/** A value of the wrong JSON type for a property. */
function wrongValueFor(type: string | undefined): unknown {
  return type === 'string' ? 42 : 'not-a-number-or-list';
}

const VERBS = ['list', 'get', 'recommend', 'simulate', 'forecast', 'estimate', 'query', 'search'];

describe('the tool registry', () => {
  it('has at least the tools the issue names, each exactly once', () => {
    const names = TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'list_work_units',
        'get_headroom',
        'get_capacity_baseline',
        'get_affinity',
        'recommend_failover',
        'simulate_migration',
        'forecast_load',
        'estimate_cost',
        'get_signals',
        'query_prometheus',
        'get_recommendations',
        'get_decisions',
      ]),
    );
  });

  it.each(
    TOOLS.map((t) => [t.name, t] as const),
  )('%s: verb_noun, read-only, described, strict input, valid example', (name, tool) => {
    expect(name).toMatch(/^[a-z]+(_[a-z]+)+$/);
    expect(VERBS).toContain(name.split('_')[0]);
    expect(tool.readOnly).toBe(true);
    expect(tool.description.length).toBeGreaterThan(200);
    expect(tool.description).toMatch(/Quote numbers from the result/);
    const schema = toolInputJsonSchema(tool);
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema).not.toHaveProperty('$schema');
    for (const [field, prop] of Object.entries(properties(name))) {
      expect(prop.description, `${name}.${field} has a description`).toMatch(/\w{3,}/);
    }
    expect(tool.example, `${name} has an example call`).toBeDefined();
    expect(tool.input.safeParse(tool.example).success, `${name} example is valid input`).toBe(true);
  });

  it.each(
    TOOLS.map((t) => [t.name] as const),
  )('%s rejects an unknown argument, naming it and the allowed ones', async (name) => {
    const result = await runTool(name, { ...findTool(name)!.example, verbose: true }, untouchable);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_ARGUMENTS');
    expect(result.error.message).toContain('unknown argument "verbose"');
    const allowed = Object.keys(properties(name));
    expect(result.error.message).toContain(`allowed: ${allowed.join(', ') || 'none'}`);
    expect(result.error.asked).toMatchObject({ verbose: true });
    expect(result.error.hint).toContain(`Example: ${JSON.stringify(findTool(name)!.example)}`);
  });

  it.each(
    TOOLS.filter((t) => Object.keys(properties(t.name)).length > 0).map((t) => [t.name] as const),
  )('%s rejects a wrong type in every field, naming the path and the expected type', async (name) => {
    for (const [field, prop] of Object.entries(properties(name))) {
      const args = { ...findTool(name)!.example, [field]: wrongValueFor(prop.type) };
      const result = await runTool(name, args, untouchable);
      expect(result.ok, `${name}.${field}`).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('INVALID_ARGUMENTS');
      expect(result.error.message).toMatch(new RegExp(`${field}: (expected|must|Invalid)`));
      expect(result.error.hint).toMatch(/Send a JSON object with only these fields: /);
    }
  });

  it('names a missing required field and the expected type', async () => {
    const result = await runTool('recommend_failover', {}, untouchable);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENTS',
        message: 'recommend_failover: invalid arguments: workUnit: expected string, got nothing (missing)',
      },
    });
    if (!result.ok) expect(result.error.hint).toContain('workUnit (string)');
  });

  it('rejects arguments that are not an object', async () => {
    const result = await runTool('get_headroom', ['eu-west-1'], untouchable);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENTS', asked: { arguments: ['eu-west-1'] } },
    });
    if (!result.ok) expect(result.error.message).toContain('(arguments): expected object, got array');
  });

  it('checks value formats, not just types', async () => {
    const at = await runTool('simulate_migration', { shed: ['eu-west-1'], at: 'tomorrow' }, untouchable);
    expect(at.ok || at.error.message).toContain('at: must be "now", "next-peak" or "+Nd"');
    const horizon = await runTool('forecast_load', { workUnit: 'eu-west-1', horizonDays: 365 }, untouchable);
    expect(horizon.ok || horizon.error.message).toMatch(/horizonDays: .*90/);
    const range = await runTool('query_prometheus', { query: 'up', range: 'a week' }, untouchable);
    expect(range.ok || range.error.message).toContain('range: must be a duration like "30m", "6h" or "7d"');
  });

  it('answers an unknown tool with UNKNOWN_TOOL listing every tool', async () => {
    const result = await runTool('drain_work_unit', { workUnit: 'eu-west-1' }, untouchable);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('UNKNOWN_TOOL');
    expect(result.error.message).toBe('no tool named "drain_work_unit"');
    expect(result.error.asked).toEqual({ tool: 'drain_work_unit', workUnit: 'eu-west-1' });
    for (const tool of TOOLS) expect(result.error.hint).toContain(tool.name);
  });
});
