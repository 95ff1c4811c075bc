// A small registry of test tools over fake deps, so the MCP layer is tested apart from the fleet.
import { z } from 'zod';
import type { ToolDeps } from '../../tools/registry/deps.js';
import { defineTool, type ToolDefinition } from '../../tools/registry/types.js';

const UNITS = ['eu-west-1', 'us-east-1'];

export const echoUnitTool = defineTool({
  name: 'get_unit_echo',
  description: 'Echoes a known work unit id with a number; fails with UNKNOWN_WORK_UNIT otherwise.',
  input: z.strictObject({ workUnit: z.string(), factor: z.number().optional() }),
  output: z.object({ workUnit: z.string(), value: z.number() }),
  readOnly: true,
  example: { workUnit: 'eu-west-1' },
  async run(input) {
    if (!UNITS.includes(input.workUnit)) {
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_WORK_UNIT',
          message: `unknown work unit "${input.workUnit}"`,
          asked: input,
          hint: `Use one of: ${UNITS.join(', ')}.`,
        },
      };
    }
    return { ok: true, data: { workUnit: input.workUnit, value: 42 * (input.factor ?? 1) } };
  },
});

/** An array result: MCP wants structured content to be an object, so this one answers in text only. */
export const listNumbersTool = defineTool({
  name: 'list_numbers',
  description: 'Returns three numbers.',
  input: z.strictObject({}),
  output: z.array(z.number()),
  readOnly: true,
  async run() {
    return { ok: true, data: [1, 2, 3] };
  },
});

/** A bug: throws instead of returning a result. */
export const brokenTool = defineTool({
  name: 'get_broken',
  description: 'Always throws.',
  input: z.strictObject({}),
  output: z.object({}),
  readOnly: true,
  async run() {
    throw new Error('boom');
  },
});

export const FAKE_TOOLS: readonly ToolDefinition[] = [echoUnitTool, listNumbersTool, brokenTool];

/** The fake tools read nothing from deps. */
export const NO_DEPS = {} as ToolDeps;
