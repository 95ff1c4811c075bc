import type { Logger } from 'pino';
import { CLAUDE_DEFAULTS } from '../../tools/config/claude-schema.js';
import type { FleetConfig } from '../../tools/config/load-fleet.js';
import type { ToolDeps } from '../../tools/registry/index.js';
import { type ClaudeAgent, configuredClaudeAgent, registryTools } from '../agent/index.js';
import type { Store } from '../store/index.js';
import type { Narrator } from './narrate.js';

/**
 * Claude as the postmortem's narrator: it investigates through the same read-only tools as thread
 * questions (get_incident first) and answers with claims citing evidence ids. The agent redacts
 * what it sends, neutralises untrusted text and checks figures against tool results; the citation
 * check in narrate.ts then holds every claim to the evidence it cites.
 */
export function claudeNarrator(agent: ClaudeAgent, model: string): Narrator {
  return async ({ incident }) => {
    const answer = await agent.ask({
      purpose: 'postmortem-narrative',
      question:
        `Incident #${incident.id} on ${incident.workUnit} is resolved. Investigate it (get_incident with ` +
        `{"id": ${incident.id}}) and write the investigation narrative as claims citing evidence ids.`,
    });
    if (answer.outcome === 'budget') throw new Error(`Claude's investigation ran out of budget (${answer.stop})`);
    if (!answer.body.trim()) throw new Error('Claude wrote no narrative');
    return { text: answer.body, model };
  };
}

/**
 * The narrator when Claude is configured (an API key or a local base URL, and the fleet file does
 * not turn it off); null otherwise, and the deterministic postmortem stands alone.
 */
export function claudeNarratorFor(input: {
  config: FleetConfig;
  claude: { apiKey?: string; baseURL?: string };
  toolDeps: ToolDeps;
  store: Store;
  now: () => number;
  log: Logger;
}): { narrator: Narrator; stop(): Promise<void> } | null {
  const config = input.config.claude ?? CLAUDE_DEFAULTS;
  const made = configuredClaudeAgent({
    config,
    claude: input.claude,
    tools: registryTools(input.toolDeps),
    store: input.store,
    now: input.now,
    log: input.log,
  });
  if (!made) return null;
  const { agent, stop } = made;
  return { narrator: claudeNarrator(agent, config.model), stop };
}
