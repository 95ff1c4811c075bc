import { HeadroomError } from '../../../analytics/errors.js';
import type { Core } from '../../core/core.js';
import { whatIf } from '../../core/whatif.js';
import { parseWhatIfWords } from '../../handlers/commands.js';
import { plainWhatIfWords } from '../../handlers/plain-whatif.js';
import { whatifLines } from '../blocks/whatif.js';
import type { Answer, QuestionContext, QuestionHandler } from './types.js';

const KEYWORDS = new Set(['shed', 'decommission', 'split', 'grow', 'add-capacity', 'at']);
/** Words people put around the form that carry nothing for it. */
const FILLER = /\b(?:we|i|you|they|instead|please|the|traffic|it|then|do|did|would|should|could)\b/gi;

export const CANNOT_ANSWER = [
  'I can only answer structured what-if questions for now, for example:',
  '• `what if shed eu-west-1 split eu-central-1=0.6,us-east-1=0.4`',
  '• `what if grow 15 at +30d`',
  '• `what if split between eu-central-1 and us-east-1` (in a recommendation’s thread: the unit is the one it is about)',
  'Free-form questions need the Claude integration, which is not enabled here.',
].join('\n');

/**
 * "what if …" in the /capacity whatif grammar, plus "split between A and B [and C]" for an even
 * split. In a recommendation's thread the drained unit defaults to the recommendation's unit.
 */
export function questionToWhatIfWords(
  question: string,
  context: Pick<QuestionContext, 'recommendation'>,
): string[] | null {
  const text = question
    .replace(/<@[A-Z0-9]+>/g, ' ')
    .replace(/[?`]/g, ' ')
    .trim();
  const m = /^(?:what\s*-?\s*if|whatif)\b(.*)$/is.exec(text);
  const rest = (m ? m[1]! : text).replace(FILLER, ' ').replace(/\s+/g, ' ').trim();
  const between = /\bsplit\s+(?:it\s+)?between\s+(.+)$/i.exec(rest);
  let words: string[];
  if (between) {
    const units = between[1]!
      .split(/\s*(?:,|\band\b|&)\s*/i)
      .map((s) => s.trim())
      .filter(Boolean);
    const share = 1 / units.length;
    words = [
      ...rest.slice(0, between.index).trim().split(/\s+/).filter(Boolean),
      'split',
      units.map((u) => `${u}=${share}`).join(','),
    ];
  } else {
    words = rest.split(/\s+/).filter(Boolean);
  }
  const structured =
    words.length > 0 && KEYWORDS.has(words[0]!.replace(/^--?/, '').toLowerCase())
      ? words.map((w, i) => (i % 2 === 0 ? w.toLowerCase() : w))
      : null;
  // the grammar when the question is written in it; else the plain-English forms ("split X between A and B")
  const plain = structured && parses(structured) ? null : plainWhatIfWords(question);
  const chosen = plain ?? structured;
  if (!chosen) return null;
  words = chosen;
  const sheds = words.some((w, i) => i % 2 === 0 && (w === 'shed' || w === 'decommission'));
  if (!sheds && context.recommendation) words = ['shed', context.recommendation.workUnit, ...words];
  return words;
}

function parses(words: string[]): boolean {
  try {
    parseWhatIfWords(words);
    return true;
  } catch {
    return false;
  }
}

export class DeterministicQuestionHandler implements QuestionHandler {
  constructor(
    private readonly core: Core,
    private readonly now: () => number,
  ) {}

  async answer(question: string, context: QuestionContext): Promise<Answer> {
    const words = questionToWhatIfWords(question, context);
    if (!words) return { text: CANNOT_ANSWER };
    try {
      const report = await whatIf(this.core, parseWhatIfWords(words), this.now());
      return { text: [`_Read as:_ \`whatif ${words.join(' ')}\``, ...whatifLines(report)].join('\n') };
    } catch (err) {
      if (err instanceof HeadroomError) return { text: `:warning: ${err.message}\n\n${CANNOT_ANSWER}` };
      throw err;
    }
  }
}
