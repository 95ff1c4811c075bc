import type { CliCommand } from '../command.js';
import { auditAnchorCommand } from './audit-anchor.js';
import { auditVerifyCommand } from './audit-verify.js';
import { capacityCommand } from './capacity.js';
import { edgeAgentCommand } from './edge-agent.js';
import { edgeCheckCommand } from './edge-check.js';
import { failoverCommand } from './failover.js';
import { forecastCommand } from './forecast.js';
import { mcpCommand } from './mcp.js';
import { simCommand } from './sim.js';
import { startCommand } from './start.js';
import { statusCommand } from './status.js';
import { whatifCommand } from './whatif.js';

/** Every command of the headroom binary, in the order --help lists them. */
export const COMMANDS: CliCommand[] = [
  startCommand,
  statusCommand,
  failoverCommand,
  whatifCommand,
  capacityCommand,
  forecastCommand,
  mcpCommand,
  simCommand,
  auditVerifyCommand,
  auditAnchorCommand,
  edgeCheckCommand,
  edgeAgentCommand,
];
