import { CLAUDE_DEFAULTS } from '../../tools/config/claude-schema.js';
import type { FleetConfig } from '../../tools/config/load-fleet.js';
import type { RedactorOptions } from '../agent/redact.js';

/**
 * The fleet file's claude.redaction (on, built-in rules, when absent): MCP results reach Claude
 * through the client, so they are redacted exactly as the agent's tool results are.
 */
export function mcpRedaction(config: Pick<FleetConfig, 'claude'>): RedactorOptions {
  const { redaction } = config.claude ?? CLAUDE_DEFAULTS;
  return { enabled: redaction.enabled, extra: redaction.patterns };
}
