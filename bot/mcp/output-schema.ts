import { z } from 'zod';

/**
 * The JSON schema a tool advertises for its structured result, or undefined when it cannot have one:
 * MCP wants an object at the root (structuredContent is an object), and a schema zod cannot express
 * exactly would make clients reject good results, so those tools answer in text only.
 */
export function outputJsonSchema(output: z.ZodType): Record<string, unknown> | undefined {
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(output, { io: 'output', unrepresentable: 'throw' }) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { $schema: _dialect, ...rest } = schema;
  return rest.type === 'object' ? rest : undefined;
}
