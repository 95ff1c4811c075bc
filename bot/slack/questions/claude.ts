import type { Logger } from 'pino';
import { type ClaudeAgent, ModelUnavailableError, type UnavailableReason } from '../../agent/index.js';
import { toolStatus } from '../../agent/progress.js';
import { questionToWhatIfWords } from './deterministic.js';
import type { Answer, QuestionContext, QuestionHandler } from './types.js';

const REASONS: Record<UnavailableReason | 'disabled' | 'internal', string> = {
  'no-api-key': 'no Anthropic API key is configured',
  disabled: 'Claude is turned off in the fleet file (claude.enabled: false)',
  'rate-limited': 'the Anthropic API kept rate-limiting us (429) after retries',
  overloaded: 'the Anthropic API is overloaded (529) after retries',
  timeout: 'the Anthropic API did not answer in time',
  'server-error': 'the Anthropic API returned a server error after retries',
  connection: 'the Anthropic API could not be reached',
  auth: 'the Anthropic API rejected our key',
  rejected: 'the Anthropic API rejected the request',
  internal: 'an internal error in Headroom (logged)',
};

const STRUCTURED_FORMS = [
  'Structured what-if questions still work without Claude, for example:',
  '• `what if shed eu-west-1 split eu-central-1=0.6,us-east-1=0.4`',
  '• `what if grow 15 at +30d`',
  '• `what if split between eu-central-1 and us-east-1` (in a recommendation’s thread)',
].join('\n');

/**
 * Answers through the Claude agent loop; when Claude cannot answer (no key, 429/529 after retries,
 * timeout, …) it says why, and answers structured what-if forms deterministically. Never silent.
 */
export class ClaudeQuestionHandler implements QuestionHandler {
  constructor(
    private readonly agent: ClaudeAgent | undefined,
    private readonly fallback: QuestionHandler,
    private readonly log: Logger,
    private readonly options: {
      whyNoAgent?: 'no-api-key' | 'disabled';
      /** The fleet's work unit ids: progress names only these, never other text from the model. */
      knownUnits?: () => readonly string[];
    } = {},
  ) {}

  async answer(question: string, context: QuestionContext): Promise<Answer> {
    if (!this.agent) return this.degrade(question, context, this.options.whyNoAgent ?? 'no-api-key');
    const known = this.knownUnits();
    try {
      const answer = await this.agent.ask({
        question,
        thread: context.thread,
        ...(context.recommendation ? { recommendation: context.recommendation } : {}),
        onProgress: (event) => {
          // The status again, from the tool's name and arguments (both the model's), naming only known units.
          if (event.kind === 'tool') context.progress?.(toolStatus(event.name, event.input, known));
        },
      });
      return { text: answer.text, fromModel: true };
    } catch (err) {
      if (err instanceof ModelUnavailableError) {
        this.log.warn(
          { reason: err.reason, status: err.status, requestId: err.requestId },
          'Claude unavailable; degrading',
        );
        return this.degrade(question, context, err.reason);
      }
      // A bug, not an outage: logged by name and stack (our own code; no request bodies), and still answered.
      this.log.error({ errName: (err as Error)?.name, stack: (err as Error)?.stack }, 'Claude agent failed');
      return this.degrade(question, context, 'internal');
    }
  }

  private knownUnits(): ReadonlySet<string> | undefined {
    if (!this.options.knownUnits) return undefined;
    try {
      return new Set(this.options.knownUnits());
    } catch {
      return new Set();
    }
  }

  private async degrade(question: string, context: QuestionContext, reason: keyof typeof REASONS): Promise<Answer> {
    const why = REASONS[reason];
    if (questionToWhatIfWords(question, context)) {
      const deterministic = await this.fallback.answer(question, context);
      return {
        text: `_Claude is unavailable (${why}); this is Headroom’s deterministic what-if._\n${deterministic.text}`,
      };
    }
    return { text: `:warning: I could not answer with Claude: ${why}.\n${STRUCTURED_FORMS}` };
  }
}
