import type {
  ContentBlock,
  ContentBlockParam,
  MessageParam,
  ToolResultBlockParam,
  ToolUseBlock,
} from '@anthropic-ai/sdk/resources/messages';
import { type BudgetMeter, type CallPlan, inputTokenBound, withCountMargin } from './budget.js';
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
 * results back; until the model ends its turn or a budget stops it. Once the tool rounds are
 * spent, one last turn is asked to answer with tools disabled. Before every call the coming
 * request is priced (input + max_tokens) against the token and cost budgets: max_tokens shrinks to
 * what is left, or the loop stops without calling.
 */
export async function runLoop(input: LoopInput): Promise<LoopRun> {
  const { meter, tools } = input;
  const messages = [...input.messages];
  const calls: ToolCallRecord[] = [];
  const known = new Set(tools.definitions.map((d) => d.name));
  let text = '';
  let finalText = '';
  let stop: StopReason;
  for (let round = 0; ; round++) {
    throwIfAborted(input.signal);
    const toolsAllowed = meter.roundsLeft();
    if (!toolsAllowed) appendText(messages, loadPrompt('budget-final'));
    const request: ModelRequest = {
      system: input.system,
      tools: tools.definitions,
      messages,
      maxTokens: input.maxOutputTokens,
      toolChoice: toolsAllowed ? 'auto' : 'none',
      ...(input.signal ? { signal: input.signal } : {}),
    };
    const plan = await planCall(input, request);
    if (!plan.ok) {
      stop = `budget:${plan.limit}`;
      break;
    }
    request.maxTokens = plan.maxTokens;
    input.onProgress?.({ kind: 'model', round });
    const reply = await input.model.send(request, (delta) => input.onProgress?.({ kind: 'text', delta }));
    meter.addTurn(reply.usage);
    const turnText = textOf(reply.content);
    if (turnText.trim()) text = turnText;
    const uses = reply.content.filter((b): b is ToolUseBlock => b.type === 'tool_use');
    if (reply.stopReason !== 'tool_use' || uses.length === 0 || !toolsAllowed) {
      stop = !toolsAllowed
        ? 'budget:toolRounds'
        : reply.stopReason === 'max_tokens'
          ? plan.limitedBy
            ? `budget:${plan.limitedBy}`
            : 'max_tokens'
          : 'end_turn';
      finalText = turnText;
      messages.push({ role: 'assistant', content: turnText || '(no answer)' });
      break;
    }
    messages.push({ role: 'assistant', content: reply.content.flatMap(toParam) });
    meter.addToolRound();
    const results: ToolResultBlockParam[] = [];
    for (const use of uses) results.push(await runTool(input, use, known, calls));
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

/**
 * The coming call's max_tokens. First against a loose local upper bound of the input (no request);
 * when that bound does not leave the full maxOutputTokens, against the API's own count
 * (count_tokens, with a margin); if the count fails, the bound stands (conservative).
 */
async function planCall(input: LoopInput, request: ModelRequest): Promise<CallPlan> {
  const bounded = input.meter.planCall(inputTokenBound(request), input.maxOutputTokens);
  if ((bounded.ok && !bounded.limitedBy) || !input.model.countInputTokens) return bounded;
  let counted: number;
  try {
    counted = await input.model.countInputTokens(request);
  } catch {
    throwIfAborted(input.signal);
    return bounded;
  }
  return input.meter.planCall(withCountMargin(counted), input.maxOutputTokens);
}

async function runTool(
  input: LoopInput,
  use: ToolUseBlock,
  known: Set<string>,
  calls: ToolCallRecord[],
): Promise<ToolResultBlockParam> {
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
  const { text, truncated } = truncateToolText(full, input.toolResultChars);
  calls.push({ name: use.name, input: use.input, resultText: text, ok, refused: false, truncated });
  return { type: 'tool_result', tool_use_id: use.id, content: text, ...(ok ? {} : { is_error: true }) };
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
