import type { ToolResult } from '../../tools/registry/types.js';
import type { TokenUsage } from './pricing.js';

/** A tool as the model sees it. */
export interface ToolSpec {
  name: string;
  description: string;
  input_schema: { type: 'object'; [key: string]: unknown };
}

/**
 * The tools the loop may call, injected: production wraps the registry (TOOLS + runTool), evals
 * answer with recorded outputs. Every tool here is read-only; call never throws for expected failures.
 */
export interface AgentTools {
  definitions: readonly ToolSpec[];
  call(name: string, args: unknown): Promise<ToolResult<unknown>>;
}

export type ProgressEvent =
  | { kind: 'model'; round: number }
  | { kind: 'tool'; name: string; input: unknown; status: string }
  | { kind: 'text'; delta: string };

export type ProgressListener = (event: ProgressEvent) => void;

/** One tool call of a question, as the model asked and as it was answered. */
export interface ToolCallRecord {
  name: string;
  input: unknown;
  /** What the model saw (redacted, neutralised, truncated). */
  resultText: string;
  ok: boolean;
  refused: boolean;
  truncated: boolean;
}

export type StopReason = 'end_turn' | 'budget:toolRounds' | 'budget:tokens' | 'budget:costUsd' | 'max_tokens';

export interface LoopOutcome {
  /** The model's final text (not yet number-checked). */
  text: string;
  stop: StopReason;
  calls: ToolCallRecord[];
  usage: TokenUsage;
  costUsd: number;
  toolRounds: number;
  modelCalls: number;
}
