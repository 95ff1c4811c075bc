import type { Logger } from 'pino';
import type { RecommendationRecord, Store } from '../store/index.js';
import { BudgetMeter, type QuestionBudgets } from './budget.js';
import { buildMessages } from './context.js';
import { runLoop } from './loop.js';
import { foldTurns } from './memory.js';
import { type ModelClient, ModelUnavailableError } from './model.js';
import { budgetNote, injectionNote, noAnswerYet, unverifiedNote } from './notes.js';
import { checkNumbers, collectKnown, markUnverified } from './number-check.js';
import { type ModelPrice, priceOf } from './pricing.js';
import { loadPrompt } from './prompts.js';
import { Redactor, type RedactorOptions } from './redact.js';
import type { AgentTools, ProgressListener, StopReason, ToolCallRecord } from './types.js';
import { NEUTRALISED, neutraliseValue } from './untrusted.js';

export interface AgentSettings {
  budgets: QuestionBudgets & { toolResultChars: number; maxOutputTokens: number };
  memory: { keepTurns: number; summaryChars: number };
  redaction: RedactorOptions;
  price?: ModelPrice;
  /** Tool calls allowed per question over all rounds. */
  maxToolCalls?: number;
}

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
}

export type AgentOutcome = 'answered' | 'repaired' | 'unverified' | 'budget';

export interface AgentAnswer {
  /** Slack mrkdwn, redacted, number-checked, with Headroom's notes. */
  text: string;
  outcome: AgentOutcome;
  stop: StopReason;
  /** Figures that no tool output supported, after the repair round. */
  unverified: string[];
  calls: ToolCallRecord[];
  tokens: number;
  costUsd: number;
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
    const redactor = new Redactor(settings.redaction);
    const conversation = input.thread ? store.conversations.get(input.thread.channel, input.thread.ts) : undefined;
    const built = buildMessages({
      question: input.question,
      nowMs,
      redactor,
      maxChars: settings.budgets.toolResultChars,
      ...(conversation ? { conversation } : {}),
      ...(input.recommendation ? { recommendation: input.recommendation } : {}),
    });
    const meter = new BudgetMeter(settings.budgets, this.price);
    const loopInput = {
      system: loadPrompt('system'),
      tools: this.deps.tools,
      model: this.deps.model,
      meter,
      maxOutputTokens: settings.budgets.maxOutputTokens,
      toolResultChars: settings.budgets.toolResultChars,
      maxToolCalls: settings.maxToolCalls ?? 12,
      filterResult: (v: unknown) => redactor.value(neutraliseValue(v).value),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    };
    try {
      let run = await runLoop({ ...loopInput, messages: built.messages });
      const calls = [...run.calls];
      const knownSources = () => [built.question, built.recommendation, ...calls.map((c) => parsed(c.resultText))];
      let check = checkNumbers(run.text, collectKnown(knownSources()));
      let outcome: AgentOutcome = 'answered';
      if (check.unmatched.length && run.stop === 'end_turn' && !meter.exhausted()) {
        const figures = [...new Set(check.unmatched.map((m) => m.raw))].join(', ');
        const repairMessages = [...run.messages, { role: 'user' as const, content: loadPrompt('repair', { figures }) }];
        const repaired = await this.repair({ ...loopInput, messages: repairMessages });
        if (repaired) {
          run = repaired;
          calls.push(...run.calls);
          check = checkNumbers(run.text, collectKnown(knownSources()));
          outcome = 'repaired';
        }
      }
      const unverified = [...new Set(check.unmatched.map((m) => m.raw))];
      if (unverified.length) outcome = 'unverified';
      if (run.stop.startsWith('budget')) outcome = 'budget';
      const body = run.text.trim() ? markUnverified(run.text.trim(), check.unmatched) : noAnswerYet(calls);
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
            answer: redactor.text(run.text.trim() || body),
            ...(input.recommendation ? { recommendationId: input.recommendation.id } : {}),
          },
          settings.memory.keepTurns,
          foldTurns(settings.memory.summaryChars),
        );
      }
      this.recordUsage(input, outcome, meter);
      this.deps.log.info(
        {
          outcome,
          stop: run.stop,
          tools: calls.map((c) => c.name),
          tokens: spent.tokens,
          costUsd: spent.costUsd,
          redactions: Object.fromEntries(redactor.counts),
        },
        'claude answered',
      );
      return { text, outcome, stop: run.stop, unverified, calls, tokens: spent.tokens, costUsd: spent.costUsd };
    } catch (err) {
      if (err instanceof ModelUnavailableError) this.recordUsage(input, `unavailable:${err.reason}`, meter);
      throw err;
    }
  }

  /** The repair round; when Claude fails now, the first answer stands (with its figures marked). */
  private async repair(input: Parameters<typeof runLoop>[0]): Promise<Awaited<ReturnType<typeof runLoop>> | undefined> {
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

/** A tool result text as JSON when it parses (it may be cut), else as text. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
