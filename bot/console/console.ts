import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { HeadroomError } from '../../analytics/errors.js';
import { capacityOutlook } from '../core/capacity-outlook.js';
import { openRecommendationsText } from '../format/events-text.js';
import { failoverText, pct, statusText, whatifText } from '../format/text.js';
import { type HandlerDeps, handleFailover, handleWhatIf } from '../handlers/commands.js';
import type { IncidentService } from '../incidents/service.js';
import { capacityMessage } from '../slack/blocks/capacity.js';
import { parseCapacityArgs } from '../slack/commands/capacity.js';
import { CONSOLE_HELP, WHATIF_USAGE } from './help.js';
import { runIncidentLine } from './incident-commands.js';
import { blocksToText, mrkdwnToText } from './markup.js';

export interface ConsoleDeps extends HandlerDeps {
  /** Answers a plain-language question (the same question handler Slack threads use). */
  ask?: (question: string) => Promise<string>;
  /** Declare and snooze; `incident list|show|postmortem` only read the store. */
  incidents?: IncidentService;
}

/** Runs one typed line; returns the text to print, or null to quit. Errors come back as text. */
export async function runConsoleLine(deps: ConsoleDeps, line: string): Promise<string | null> {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const [head, ...args] = words;
  if (!head) return '';
  try {
    switch (head.replace(/^\//, '')) {
      case 'quit':
      case 'exit':
        return null;
      case 'help':
        return CONSOLE_HELP;
      case 'failover': {
        const answer = await handleFailover(deps, args);
        if (answer.kind === 'plan') return failoverText(answer.report);
        const rate =
          answer.agreement.rate === null
            ? 'no decisions yet'
            : `${pct(answer.agreement.rate)} of ${answer.agreement.decisions} decisions`;
        return `${statusText(answer.status)}\n${openRecommendationsText(answer.open)}\nShadow-mode agreement: ${rate}`;
      }
      case 'capacity': {
        if (args[0] === 'whatif') return await whatifLine(deps, args.slice(1));
        // the answer Slack gives to /capacity [wu|region] [30d|60d|90d], as terminal text
        const { scope, days } = parseCapacityArgs(args);
        return blocksToText(capacityMessage(await capacityOutlook(deps.core, deps.now(), days, scope)).blocks);
      }
      case 'whatif':
        return await whatifLine(deps, args);
      case 'incident':
      case 'declare':
      case 'snooze':
        return runIncidentLine(deps, head.replace(/^\//, ''), args);
      case 'ask': {
        const question = line.trim().slice(head.length).trim();
        if (!question)
          return 'Usage: ask <question>, e.g. ask what happens if we split eu-west-1 between eu-central-1 and us-east-1?';
        if (!deps.ask) return 'Questions are not available here.';
        return mrkdwnToText(await deps.ask(question));
      }
      default:
        return `Unknown command "${head}". Type help for the list.`;
    }
  } catch (err) {
    if (err instanceof HeadroomError) return `Error: ${err.message}`;
    throw err;
  }
}

/** whatif with nothing to change is a request for its usage, not a plan of the fleet as it is. */
async function whatifLine(deps: ConsoleDeps, args: string[]): Promise<string> {
  if (args.length === 0) return WHATIF_USAGE;
  return whatifText(await handleWhatIf(deps, args));
}

/** A console on a terminal: `detach` stops reading; `idle` resolves once the line being run has finished. */
export interface ConsoleSession {
  detach(): void;
  idle(): Promise<void>;
}

/**
 * Serves the handlers on a terminal: prompts on a TTY, and never exits just because stdin ends.
 * Lines run one after another, so `quit` (or a pasted batch) waits for a question still being answered.
 */
export function attachConsole(
  deps: ConsoleDeps,
  input: Readable,
  output: Writable,
  onQuit: () => void,
): ConsoleSession {
  const rl = createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY) });
  const prompt = () => {
    if ((input as { isTTY?: boolean }).isTTY) rl.prompt();
  };
  let running: Promise<void> = Promise.resolve();
  let quitting = false;
  const runLine = async (line: string) => {
    if (quitting) return;
    const text = await runConsoleLine(deps, line).catch((err) => `Error: ${(err as Error).message}`);
    if (text === null) {
      quitting = true;
      rl.close();
      onQuit();
      return;
    }
    if (text) output.write(`${text}\n`);
    prompt();
  };
  rl.setPrompt('headroom> ');
  rl.on('line', (line) => {
    running = running.then(() => runLine(line));
  });
  prompt();
  return { detach: () => rl.close(), idle: () => running };
}
