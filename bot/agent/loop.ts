import type {
  ContentBlock,
  ContentBlockParam,
  MessageParam,
  ToolResultBlockParam,
  ToolUseBlock,
} from '@anthropic-ai/sdk/resources/messages';
import type { BudgetMeter } from './budget.js';
import type { ModelClient } from './model.js';
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
}

/**
 * The agent loop: stream a turn; run the tools it asks for (registry tools only); send the
 * results back; until the model ends its turn or a budget stops it. Once the tool rounds are
 * spent, one last turn is asked to answer with tools disabled.
 */
export async function runLoop(input: LoopInput): Promise<LoopOutcome & { messages: MessageParam[] }> {
  const { meter, tools } = input;
  const messages = [...input.messages];
  const calls: ToolCallRecord[] = [];
  const known = new Set(tools.definitions.map((d) => d.name));
  let text = '';
  let stop: StopReason;
  for (let round = 0; ; round++) {
    const exhausted = meter.exhausted();
    if (exhausted) {
      stop = `budget:${exhausted}`;
      break;
    }
    const toolsAllowed = meter.roundsLeft();
    if (!toolsAllowed) appendText(messages, loadPrompt('budget-final'));
    input.onProgress?.({ kind: 'model', round });
    const reply = await input.model.send(
      {
        system: input.system,
        tools: tools.definitions,
        messages,
        maxTokens: meter.outputAllowance(input.maxOutputTokens),
        toolChoice: toolsAllowed ? 'auto' : 'none',
      },
      (delta) => input.onProgress?.({ kind: 'text', delta }),
    );
    meter.addTurn(reply.usage);
    const turnText = textOf(reply.content);
    if (turnText.trim()) text = turnText;
    const uses = reply.content.filter((b): b is ToolUseBlock => b.type === 'tool_use');
    if (reply.stopReason !== 'tool_use' || uses.length === 0 || !toolsAllowed) {
      stop = !toolsAllowed ? 'budget:toolRounds' : reply.stopReason === 'max_tokens' ? 'max_tokens' : 'end_turn';
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
    stop,
    calls,
    usage: spent.usage,
    costUsd: spent.costUsd,
    toolRounds: spent.toolRounds,
    modelCalls: spent.modelCalls,
    messages,
  };
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
    const r = await input.tools.call(use.name, use.input);
    ok = r.ok;
    result = r;
  } catch {
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
