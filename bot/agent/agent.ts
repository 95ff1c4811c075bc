import type { Logger } from 'pino';
import type { RecommendationRecord, Store } from '../store/index.js';
import { BudgetMeter, type QuestionBudgets } from './budget.js';
import { buildMessages } from './context.js';
import { Deadline } from './deadline.js';
import { type LoopInput, type LoopRun, runLoop } from './loop.js';
import { foldTurns } from './memory.js';
import { type ModelClient, ModelUnavailableError } from './model.js';
import { budgetNote, injectionNote, noAnswerYet, unverifiedNote } from './notes.js';
import { checkNumbers, collectKnown, collectVerified, type KnownFigures, markUnverified } from './number-check.js';
import { type ModelPrice, priceOf } from './pricing.js';
import { loadPrompt } from './prompts.js';
import { Redactor, type RedactorOptions } from './redact.js';
import type { AgentTools, ProgressListener, StopReason, ToolCallRecord } from './types.js';
import { NEUTRALISED, sanitiseForModel } from './untrusted.js';

export interface AgentSettings {
  budgets: QuestionBudgets & { toolResultChars: number; maxOutputTokens: number };
  memory: { keepTurns: number; summaryChars: number };
  redaction: RedactorOptions;
  price?: ModelPrice;
  /** Tool calls allowed per question over all rounds. */
  maxToolCalls?: number;
  /** The whole question — queue waits, every turn, tools, the repair — ends by then (default 90 s). */
  deadlineMs?: number;
}

export const DEFAULT_DEADLINE_MS = 90_000;

export interface AgentDeps {
  model: ModelClient;
  tools: AgentTools;
  store: Store;
  now: () => number;
  log: Logger;
  settings: AgentSettings;
}

export interface AskInput {
  question: string;
  thread?: { channel: string; ts: string };
  recommendation?: RecommendationRecord;
  onProgress?: ProgressListener;
  /**
   * What is asked: an operator's question (the default), or Headroom's own request for an
   * incident's investigation narrative (claims citing evidence ids, for the postmortem).
   */
  purpose?: 'question' | 'postmortem-narrative';
}

export type AgentOutcome = 'answered' | 'repaired' | 'unverified' | 'budget';

export interface AgentAnswer {
  /** Slack mrkdwn, redacted, number-checked, with Headroom's notes. */
  text: string;
  /** The answer itself, redacted and number-checked, without Headroom's notes. */
  body: string;
  outcome: AgentOutcome;
  stop: StopReason;
  /** Figures that no tool output supported, after the repair round. */
  unverified: string[];
  /** Figures no tool output gave but the operator's question did (their own assumptions); accepted. */
  fromQuestion: string[];
  /** Figures no tool output of this question gave but an earlier checked answer of the thread did; accepted. */
  fromEarlierTurns: string[];
  calls: ToolCallRecord[];
  tokens: number;
  costUsd: number;
  toolRounds: number;
}

/**
 * One question, end to end: redact and build the context, run the loop, check every figure
 * against the tool outputs (one repair round, then visible marks), remember the turn, record the
 * cost. Throws ModelUnavailableError when Claude cannot be reached; the caller degrades.
 */
export class ClaudeAgent {
  private readonly price: ModelPrice;

  constructor(private readonly deps: AgentDeps) {
    const { price, known } = priceOf(deps.model.model, deps.settings.price);
    if (!known) deps.log.warn({ model: deps.model.model }, 'no price for this model; costing it as the dearest known');
    this.price = price;
  }

  async ask(input: AskInput): Promise<AgentAnswer> {
    const { settings, store } = this.deps;
    const nowMs = this.deps.now();
    const deadline = new Deadline(settings.deadlineMs ?? DEFAULT_DEADLINE_MS);
    const redactor = new Redactor(settings.redaction);
    const meter = new BudgetMeter(settings.budgets, this.price);
    let recorded = false;
    try {
      const conversation = input.thread ? store.conversations.get(input.thread.channel, input.thread.ts) : undefined;
      const toolNames = this.deps.tools.definitions.map((d) => d.name);
      const built = buildMessages({
        question: input.question,
        toolNames,
        nowMs,
        redactor,
        maxChars: settings.budgets.toolResultChars,
        ...(conversation ? { conversation } : {}),
        ...(input.recommendation ? { recommendation: input.recommendation } : {}),
      });
      const loopInput: Omit<LoopInput, 'messages'> = {
        system:
          input.purpose === 'postmortem-narrative'
            ? `${loadPrompt('system')}\n\n${loadPrompt('postmortem-narrative')}`
            : loadPrompt('system'),
        tools: this.deps.tools,
        model: this.deps.model,
        meter,
        maxOutputTokens: settings.budgets.maxOutputTokens,
        toolResultChars: settings.budgets.toolResultChars,
        maxToolCalls: settings.maxToolCalls ?? 12,
        filterResult: (v: unknown) => sanitiseForModel(v, toolNames, (x) => redactor.value(x)),
        signal: deadline.signal,
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      };
      // Figures are verified by this question's tool outputs only. The question's own figures are
      // the operator's assumptions: accepted (and reported apart) when the model used them in a tool
      // call (grow 15 %, a 60/40 split), never merely because the question said them ("is headroom
      // 45 %?" answered "yes, 45 %" must match a tool). Earlier answers' unmarked figures were checked
      // when posted. The recommendation is context, not a tool output.
      const questionFigures = collectKnown([built.question]);
      const earlierTurns = collectVerified(conversation?.turns.map((t) => t.answer) ?? []);
      const check = (text: string, calls: readonly ToolCallRecord[]) =>
        checkNumbers(text, toolFigures(calls), { question: assumptionsUsed(questionFigures, calls), earlierTurns });

      const first = await runLoop({ ...loopInput, messages: built.messages });
      const calls = [...first.calls];
      let run: LoopRun = first;
      let result = check(run.text, calls);
      let outcome: AgentOutcome = 'answered';
      if (result.unmatched.length && first.stop === 'end_turn' && !meter.exhausted()) {
        const figures = [...new Set(result.unmatched.map((m) => m.raw))].join(', ');
        const repairMessages = [
          ...first.messages,
          { role: 'user' as const, content: loadPrompt('repair', { figures }) },
        ];
        const repaired = await this.repair({ ...loopInput, messages: repairMessages });
        if (repaired) {
          calls.push(...repaired.calls);
          // Only a finished answer replaces the first one: a repair that only called tools and then
          // ran out of budget leaves the first answer, checked again with whatever those tools said.
          if (repaired.finalText.trim()) {
            run = { ...repaired, text: repaired.finalText };
            outcome = 'repaired';
          } else {
            this.deps.log.warn({ stop: repaired.stop }, 'number repair round gave no answer; keeping the first');
          }
          result = check(run.text, calls);
        }
      }
      const unverified = [...new Set(result.unmatched.map((m) => m.raw))];
      if (unverified.length) outcome = 'unverified';
      if (run.stop.startsWith('budget')) outcome = 'budget';
      const body = run.text.trim() ? markUnverified(run.text.trim(), result.unmatched) : noAnswerYet(calls);
      const notes = [
        budgetNote(run.stop, settings.budgets),
        unverified.length ? unverifiedNote(unverified) : '',
        calls.some((c) => c.resultText.includes(NEUTRALISED)) || built.recommendation.includes(NEUTRALISED)
          ? injectionNote()
          : '',
      ].filter(Boolean);
      // The answer passes the redactor too: nothing secret goes out, whatever came in.
      const text = redactor.text([body, ...notes].join('\n\n'));
      const spent = meter.spent;
      if (input.thread) {
        store.conversations.append(
          {
            channel: input.thread.channel,
            threadTs: input.thread.ts,
            atMs: nowMs,
            question: built.question,
            // The marked body: an unverified figure must not come back as a fact in a later turn.
            answer: redactor.text(body),
            ...(input.recommendation ? { recommendationId: input.recommendation.id } : {}),
          },
          settings.memory.keepTurns,
          foldTurns(settings.memory.summaryChars),
        );
      }
      const fromQuestion = [...new Set(result.fromQuestion.map((m) => m.raw))];
      const fromEarlierTurns = [...new Set(result.fromEarlierTurns.map((m) => m.raw))];
      this.recordUsage(input, outcome, meter);
      recorded = true;
      this.deps.log.info(
        {
          outcome,
          stop: run.stop,
          tools: calls.map((c) => c.name),
          tokens: spent.tokens,
          costUsd: spent.costUsd,
          fromQuestion,
          fromEarlierTurns,
          redactions: Object.fromEntries(redactor.counts),
        },
        'claude answered',
      );
      return {
        text,
        body: redactor.text(body),
        outcome,
        stop: run.stop,
        unverified,
        fromQuestion,
        fromEarlierTurns,
        calls,
        tokens: spent.tokens,
        costUsd: spent.costUsd,
        toolRounds: spent.toolRounds,
      };
    } catch (err) {
      // Whatever went wrong, what was spent is recorded.
      if (!recorded) {
        try {
          this.recordUsage(input, err instanceof ModelUnavailableError ? `unavailable:${err.reason}` : 'error', meter);
        } catch (recordErr) {
          this.deps.log.error(
            { errName: (recordErr as Error)?.name },
            'could not record the usage of a failed question',
          );
        }
      }
      throw err;
    } finally {
      deadline.clear();
    }
  }

  /** The repair round; when Claude fails now (or the deadline passes), the first answer stands (with its figures marked). */
  private async repair(input: LoopInput): Promise<LoopRun | undefined> {
    try {
      return await runLoop(input);
    } catch (err) {
      if (!(err instanceof ModelUnavailableError)) throw err;
      this.deps.log.warn({ reason: err.reason }, 'number repair round failed; marking the figures instead');
      return undefined;
    }
  }

  private recordUsage(input: AskInput, outcome: string, meter: BudgetMeter): void {
    const s = meter.spent;
    this.deps.store.agentUsage.record({
      atMs: this.deps.now(),
      ...(input.thread ? { channel: input.thread.channel, threadTs: input.thread.ts } : {}),
      model: this.deps.model.model,
      outcome,
      toolRounds: s.toolRounds,
      modelCalls: s.modelCalls,
      inputTokens: s.usage.inputTokens,
      outputTokens: s.usage.outputTokens,
      cacheWriteTokens: s.usage.cacheWriteTokens,
      cacheReadTokens: s.usage.cacheReadTokens,
      costUsd: s.costUsd,
    });
  }
}

/**
 * The question's figures that the model passed to a tool (in any scale: "15 %" is 0.15 in the
 * question and may be 15 or 0.15 in a tool's input).
 */
function assumptionsUsed(question: KnownFigures, calls: readonly ToolCallRecord[]): KnownFigures {
  const inputs = collectKnown(calls.filter((c) => !c.refused).map((c) => c.input));
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 + 0.005 * Math.abs(b);
  const used = (q: number) => inputs.numbers.some((i) => close(q, i) || close(q * 100, i) || close(q / 100, i));
  return {
    numbers: question.numbers.filter(used),
    dates: new Set([...question.dates].filter((d) => inputs.dates.has(d))),
    times: new Set([...question.times].filter((t) => inputs.times.has(t))),
  };
}

/** The figures of the tool results the model saw (refused calls carry our own text, not a tool's). */
function toolFigures(calls: readonly ToolCallRecord[]): KnownFigures {
  return collectKnown(
    calls
      .filter((c) => !c.refused)
      // A cut result ends with Headroom's note (its character counts are not the tool's figures).
      .map((c) =>
        parsed(
          c.truncated ? c.resultText.slice(0, c.resultText.lastIndexOf('\n[truncated by Headroom')) : c.resultText,
        ),
      ),
  );
}

/** A tool result text as JSON when it parses (it may be cut), else as text. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
