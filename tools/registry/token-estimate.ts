// Estimates how many tokens the tool definitions cost in every Claude request that carries them.
//
// Method: each tool is serialised as Claude receives it — JSON of {name, description, input_schema}
// — and split the way BPE tokenizers pre-split text: camelCase and lower-case word parts, runs of up
// to 3 digits, punctuation runs, whitespace. A word part of up to 8 letters counts as one token,
// longer ones one per 6 letters; digit runs count one; punctuation runs one per 2 characters
// (JSON's `":"`, `{"` merge); a single space before a word is free, other whitespace one token.
// It is an estimate (Claude's tokenizer is not public); for exact counts use the Messages API's
// count_tokens endpoint. chars/3.5 is reported beside it as a cross-check.
import { toolInputJsonSchema } from './index.js';
import type { ToolDefinition } from './types.js';

export const ESTIMATION_METHOD =
  'JSON of {name, description, input_schema} per tool, split like a BPE pre-tokenizer (camelCase word parts ≤ 8 letters = 1 token, longer = 1 per 6 letters; ≤ 3 digits = 1; punctuation 1 per 2 chars; whitespace other than a single space = 1); chars/3.5 as a cross-check';

const PIECES = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d{1,3}|[^\sA-Za-z\d]+|\s+/g;

export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const [piece] of text.matchAll(PIECES)) {
    if (/^\s+$/.test(piece)) tokens += piece === ' ' ? 0 : 1;
    else if (/^\d+$/.test(piece)) tokens += 1;
    else if (/^[A-Za-z]+$/.test(piece)) tokens += piece.length <= 8 ? 1 : Math.ceil(piece.length / 6);
    else tokens += Math.ceil(piece.length / 2);
  }
  return tokens;
}

/** A tool as it appears in the `tools` array of a Messages API request. */
export function claudeToolDefinition(tool: ToolDefinition) {
  return { name: tool.name, description: tool.description, input_schema: toolInputJsonSchema(tool) };
}

export interface ToolTokenReport {
  method: string;
  total: number;
  totalCharsOver3_5: number;
  tools: Record<string, number>;
}

export function toolTokenReport(tools: readonly ToolDefinition[]): ToolTokenReport {
  const perTool: Record<string, number> = {};
  let chars = 0;
  for (const tool of tools) {
    const json = JSON.stringify(claudeToolDefinition(tool));
    perTool[tool.name] = estimateTokens(json);
    chars += json.length;
  }
  return {
    method: ESTIMATION_METHOD,
    total: Object.values(perTool).reduce((a, b) => a + b, 0),
    totalCharsOver3_5: Math.round(chars / 3.5),
    tools: perTool,
  };
}
