import type {
  ContentBlock,
  ContentBlockParam,
  MessageParam,
  ToolResultBlockParam,
  ToolUseBlock,
} from '@anthropic-ai/sdk/resources/messages';
import { type BudgetLimit, type BudgetMeter, inputTokenBound, requestBytes, withCountMargin } from './budget.js';
import { throwIfAborted, untilAborted } from './deadline.js';
import { type ModelClient, type ModelRequest, ModelUnavailableError } from './model.js';
import { toolStatus } from './progress.js';
import { loadPrompt } from './prompts.js';
import { truncateToolText } from './truncate.js';
import type { AgentTools, LoopOutcome, ProgressListener, StopReason, ToolCallRecord } from './types.js';

export interface LoopInput {
  system: string;
  /** The conversation so far, ending with the operator's question (a user message). */
  messages: MessageParam[];
  tools: AgentTools;
  model: ModelClient;
  meter: BudgetMeter;
  maxOutputTokens: number;
  toolResultChars: number;
  /** Tool calls allowed in one question, all rounds together (a model told "for all units" stops here). */
  maxToolCalls: number;
  /** Redaction and neutralisation of a tool result before the model sees it. */
  filterResult: (value: unknown) => unknown;
  onProgress?: ProgressListener;
  /** The question's deadline (Deadline.signal): past it, the loop ends with ModelUnavailableError('timeout'). */
  signal?: AbortSignal;
}

export interface LoopRun extends LoopOutcome {
  messages: MessageParam[];
  /**
   * The text of the turn that ended the loop (an answer, not a remark before tool calls); empty
   * when a budget stopped the loop before that turn.
   */
  finalText: string;
}

/**
 * The agent loop: stream a turn; run the tools it asks for (registry tools only); send the
 * results back; until the model ends its turn or a budget stops it. Before every call the coming
 * request is priced (input + max_tokens) against the token and cost budgets, so spent ≤ budget
 * always holds. A call may ask for tools only while, after it and a tool result, a last answer
 * would still fit; otherwise — or once the tool rounds are spent — the call is the last one, with
 * tools disabled and max_tokens cut to what is left, so the operator gets an answer from what is
 * known. Tool results are cut further when the full one would leave no room for that answer.
 */
export async function runLoop(input: LoopInput): Promise<LoopRun> {
  const { meter, tools } = input;
  const messages = [...input.messages];
  const calls: ToolCallRecord[] = [];
  const known = new Set(tools.definitions.map((d) => d.name));
  const answerTokens = Math.min(input.maxOutputTokens, ANSWER_RESERVE_TOKENS);
  let text = '';
  let finalText = '';
  let stop: StopReason;
  for (let round = 0; ; round++) {
    throwIfAborted(input.signal);
    const request: ModelRequest = {
      system: input.system,
      tools: tools.definitions,
      messages,
      maxTokens: input.maxOutputTokens,
      toolChoice: 'auto',
      ...(input.signal ? { signal: input.signal } : {}),
    };
    // Why this call must be the last (tools off), when it must.
    let last: BudgetLimit | undefined = meter.roundsLeft() ? undefined : 'toolRounds';
    let estimate: InputEstimate | undefined;
    if (!last) {
      estimate = await estimateInput(input, request, undefined, (n) => !lastCallNeeded(input, n, answerTokens));
      last = lastCallNeeded(input, estimate.tokens, answerTokens);
    }
    if (last) {
      appendText(messages, loadPrompt('budget-final', { budget: FINAL_REASON[last] }));
      request.toolChoice = 'none';
      estimate = await estimateInput(input, request, estimate, (n) => meter.planCall(n, input.maxOutputTokens).ok);
    }
    const plan = meter.planCall(estimate!.tokens, input.maxOutputTokens);
    if (!plan.ok) {
      stop = `budget:${plan.limit}`;
      break;
    }
    request.maxTokens = plan.maxTokens;
    input.onProgress?.({ kind: 'model', round });
    const sentBytes = requestBytes(request);
    const reply = await input.model.send(request, (delta) => input.onProgress?.({ kind: 'text', delta }));
    meter.addTurn(reply.usage, sentBytes);
    const turnText = textOf(reply.content);
    if (turnText.trim()) text = turnText;
    const uses = reply.content.filter((b): b is ToolUseBlock => b.type === 'tool_use');
    if (last || reply.stopReason !== 'tool_use' || uses.length === 0) {
      stop =
        reply.stopReason === 'max_tokens'
          ? plan.limitedBy
            ? `budget:${plan.limitedBy}`
            : last
              ? `budget:${last}`
              : 'max_tokens'
          : last
            ? `budget:${last}`
            : 'end_turn';
      finalText = turnText;
      messages.push({ role: 'assistant', content: turnText || '(no answer)' });
      break;
    }
    messages.push({ role: 'assistant', content: reply.content.flatMap(toParam) });
    meter.addToolRound();
    // What the results of this round may take so that the last answer after them still fits.
    const grown = meter.estimateInput(requestBytes({ ...request, messages })) ?? 0;
    let room = meter.inputRoom(answerTokens).tokens - grown - FINAL_PROMPT_BYTES;
    const results: ToolResultBlockParam[] = [];
    for (const [i, use] of uses.entries()) {
      const laterUses = uses.length - i - 1;
      const result = await runTool(input, use, known, calls, room - laterUses * SKIPPED_RESULT_BYTES);
      room -= Buffer.byteLength(JSON.stringify(result), 'utf8');
      results.push(result);
    }
    messages.push({ role: 'user', content: results });
  }
  const spent = meter.spent;
  return {
    text,
    finalText,
    stop,
    calls,
    usage: spent.usage,
    costUsd: spent.costUsd,
    toolRounds: spent.toolRounds,
    modelCalls: spent.modelCalls,
    messages,
  };
}

/** Output kept back for the last answer when deciding whether a call may still ask for tools. */
const ANSWER_RESERVE_TOKENS = 1_024;
/** The smallest tool result worth a round: below this room, the call answers instead. */
const MIN_RESULT_ROOM_TOKENS = 1_000;
/** The budget-final text and its block, as sent (generous). */
const FINAL_PROMPT_BYTES = 480;
/** A tool_result block and its framing, beside its content (generous). */
const RESULT_FRAME_BYTES = 160;
/** Kept for each later tool call of a round: a skipped call's short note and its block. */
const SKIPPED_RESULT_BYTES = 480;
/** A result cut below this is not worth sending; the call is reported as skipped instead. */
const MIN_RESULT_CHARS = 200;

const FINAL_REASON: Record<BudgetLimit, string> = {
  toolRounds: 'The tool budget for this question is used up.',
  tokens: 'The token budget for this question is nearly used up.',
  costUsd: 'The cost budget for this question is nearly used up.',
};

/**
 * Whether a call with tools, of this input, must instead be the last call: when the budgets would
 * not give it the full max_tokens, or when after it (all its output spent and sent back) and a
 * small tool result, a last answer of ANSWER_RESERVE_TOKENS would no longer fit. The budget that
 * binds, or undefined when tools may be offered.
 */
function lastCallNeeded(input: LoopInput, inputTokens: number, answerTokens: number): BudgetLimit | undefined {
  const maxOut = input.maxOutputTokens;
  const plan = input.meter.planCall(inputTokens, maxOut);
  if (!plan.ok) return plan.limit;
  if (plan.limitedBy) return plan.limitedBy;
  const after = input.meter.inputRoom(answerTokens, { input: inputTokens, output: maxOut });
  const nextInput = inputTokens + maxOut + MIN_RESULT_ROOM_TOKENS + FINAL_PROMPT_BYTES;
  return nextInput <= after.tokens ? undefined : after.limit;
}

interface InputEstimate {
  tokens: number;
  bytes: number;
}

/**
 * The coming call's input tokens. From the second call of a question on: the previous call's billed
 * input plus the bytes added since (BudgetMeter.estimateInput) — tight, no request. For the first
 * call: a local upper bound (bytes + overhead); when that bound is not `enough`, the API's own
 * count (count_tokens, through the rate limiter, with a margin); if the count fails, the bound
 * stands. `earlier` is this round's estimate before text was appended to the request.
 */
async function estimateInput(
  input: LoopInput,
  request: ModelRequest,
  earlier: InputEstimate | undefined,
  enough: (tokens: number) => boolean,
): Promise<InputEstimate> {
  const bytes = requestBytes(request);
  const fromPrevious = input.meter.estimateInput(bytes);
  if (fromPrevious !== undefined) return { tokens: fromPrevious, bytes };
  if (earlier) return { tokens: earlier.tokens + Math.max(0, bytes - earlier.bytes), bytes };
  const bound = inputTokenBound(request);
  if (enough(bound) || !input.model.countInputTokens) return { tokens: bound, bytes };
  try {
    return { tokens: withCountMargin(await input.model.countInputTokens(request)), bytes };
  } catch {
    throwIfAborted(input.signal);
    return { tokens: bound, bytes };
  }
}

async function runTool(
  input: LoopInput,
  use: ToolUseBlock,
  known: Set<string>,
  calls: ToolCallRecord[],
  /** Bytes the result block may take (see runLoop); below what a useful result needs, the call is skipped. */
  roomBytes: number,
): Promise<ToolResultBlockParam> {
  const contentRoom = roomBytes - RESULT_FRAME_BYTES;
  const refusal = !known.has(use.name)
    ? 'not in the read-only tool registry'
    : calls.filter((c) => !c.refused).length >= input.maxToolCalls
      ? `the limit of ${input.maxToolCalls} tool calls for one question is reached`
      : undefined;
  if (refusal) {
    const resultText = loadPrompt('tool-refused', { name: use.name.slice(0, 64), reason: refusal });
    calls.push({ name: use.name, input: use.input, resultText, ok: false, refused: true, truncated: false });
    return { type: 'tool_result', tool_use_id: use.id, content: resultText, is_error: true };
  }
  if (contentRoom < MIN_RESULT_CHARS * 2) return skipped(use, calls);
  input.onProgress?.({ kind: 'tool', name: use.name, input: use.input, status: toolStatus(use.name, use.input) });
  let result: unknown;
  let ok: boolean;
  try {
    const r = await untilAborted(input.tools.call(use.name, use.input), input.signal);
    ok = r.ok;
    result = r;
  } catch (err) {
    if (err instanceof ModelUnavailableError) throw err;
    // A throw is a bug in the tool layer; the model gets a plain failure, the details stay in our logs.
    ok = false;
    result = {
      ok: false,
      error: { code: 'UNAVAILABLE', message: `${use.name} failed unexpectedly`, hint: 'try another tool' },
    };
  }
  const full = JSON.stringify(input.filterResult(result));
  const cut = cutToFit(full, input.toolResultChars, contentRoom);
  if (!cut) return skipped(use, calls);
  const { text, truncated } = cut;
  calls.push({ name: use.name, input: use.input, resultText: text, ok, refused: false, truncated });
  return { type: 'tool_result', tool_use_id: use.id, content: text, ...(ok ? {} : { is_error: true }) };
}

/** A call the token or cost budget leaves no room for: not run, and the model is told why. */
function skipped(use: ToolUseBlock, calls: ToolCallRecord[]): ToolResultBlockParam {
  const resultText = loadPrompt('tool-skipped', { name: use.name.slice(0, 64) });
  calls.push({ name: use.name, input: use.input, resultText, ok: false, refused: true, truncated: false });
  return { type: 'tool_result', tool_use_id: use.id, content: resultText, is_error: true };
}

/**
 * A tool result cut to maxChars (with the truncation note), and further when, as sent (a JSON
 * string), it would take more than roomBytes; undefined when fewer than MIN_RESULT_CHARS would be left.
 */
function cutToFit(full: string, maxChars: number, roomBytes: number): { text: string; truncated: boolean } | undefined {
  let chars = maxChars;
  for (let attempt = 0; attempt < 6; attempt++) {
    const cut = truncateToolText(full, chars);
    const bytes = Buffer.byteLength(JSON.stringify(cut.text), 'utf8');
    if (bytes <= roomBytes) return cut;
    chars = Math.min(chars - 1, Math.floor((Math.min(chars, full.length) * roomBytes) / bytes) - 64);
    if (chars < MIN_RESULT_CHARS) return undefined;
  }
  return undefined;
}

function textOf(content: ContentBlock[]): string {
  return content
    .filter((b) => b.type === 'text')
    .map((b) => (b as { text: string }).text)
    .join('');
}

function toParam(block: ContentBlock): ContentBlockParam[] {
  if (block.type === 'text') return block.text ? [{ type: 'text', text: block.text }] : [];
  if (block.type === 'tool_use') return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
  return [];
}

/** Adds a text block to the last user message (tool results stay first, as the API requires). */
function appendText(messages: MessageParam[], text: string): void {
  const last = messages.at(-1);
  if (!last || last.role !== 'user') {
    messages.push({ role: 'user', content: text });
    return;
  }
  const content: ContentBlockParam[] =
    typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...last.content];
  content.push({ type: 'text', text });
  messages[messages.length - 1] = { role: 'user', content };
}
