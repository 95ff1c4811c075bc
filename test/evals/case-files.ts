import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecommendationRecord } from '../../bot/store/index.js';
import type { ToolResult } from '../../tools/registry/index.js';

/** One scripted model turn: tool calls (with optional text before them), or the final text. */
export interface TranscriptTurn {
  text?: string;
  tools?: { name: string; input: Record<string, unknown> }[];
}

export interface RecordedCall {
  name: string;
  args: Record<string, unknown>;
  result: ToolResult<unknown>;
}

export interface ThreadContext {
  /** Filled by record.ts from the real store: the recommendation that opened the thread. */
  recommendationOf?: string;
  recommendation?: RecommendationRecord;
  /** Extra text planted in the recommendation's first signal (injection cases). */
  plantInSignal?: string;
  /** Text planted in one tool's recorded output, as an `annotation` field (secrets an alert would carry). */
  plantInToolResult?: { tool: string; text: string };
  turns: { question: string; answer: string }[];
}

export interface Expected {
  tools: { name: string; args: Record<string, unknown> }[];
  answerIncludes: string[];
  answerExcludes?: string[];
  outcome: 'answered' | 'repaired' | 'unverified' | 'budget';
  /** Per-case budget overrides (e.g. a case that must hit the tool-round limit). */
  budgets?: { toolRounds?: number; tokens?: number; costUsd?: number };
  /** Strings planted in the case that must never reach the Messages API, nor appear in the answer. */
  secrets?: string[];
}

export interface EvalCase {
  name: string;
  dir: string;
  question: string;
  thread: ThreadContext;
  transcript: TranscriptTurn[];
  recorded: RecordedCall[];
  expected: Expected;
}

export const CASES_DIR = new URL('./cases/', import.meta.url).pathname;

const json = <T>(dir: string, file: string, fallback?: T): T => {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
  } catch (err) {
    if (fallback !== undefined && (err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw new Error(`${join(dir, file)}: ${(err as Error).message}`);
  }
};

export function loadCases(root = CASES_DIR): EvalCase[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      return {
        name,
        dir,
        question: readFileSync(join(dir, 'question.md'), 'utf8').trim(),
        thread: json<ThreadContext>(dir, 'thread.json', { turns: [] }),
        transcript: json<TranscriptTurn[]>(dir, 'transcript.json'),
        recorded: json<RecordedCall[]>(dir, 'tools.json', []),
        expected: json<Expected>(dir, 'expected.json'),
      };
    });
}

/** The tool calls a transcript makes, in order. */
export function transcriptCalls(transcript: TranscriptTurn[]): { name: string; input: Record<string, unknown> }[] {
  return transcript.flatMap((t) => t.tools ?? []);
}
