import { CONSOLE_HELP } from '../../console/help.js';
import type { CliCommand } from '../command.js';
import { COMMON_HELP } from '../options.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the shadow loop and serve the commands (the simulated demo fleet when no credentials are set)',
  help: `Usage: headroom start [--speed N] [--poll SECONDS] [options]

Runs the shadow loop: every poll it evaluates every work unit and opens, updates or resolves
recommendations. It never acts on traffic. With no Slack credentials it runs on the built-in
simulated fleet with the demo scenario (a connection drop with a corroborating anomaly flag) on an
accelerated clock, prints recommendations here, and takes typed commands:

${CONSOLE_HELP}

  --speed N        fleet seconds per real second (default 60 for the demo, 1 otherwise)
  --poll SECONDS   fleet time between polls (default 60 for the demo, else the fleet's pollIntervalSeconds)
${COMMON_HELP}

With SLACK_BOT_TOKEN and SLACK_APP_TOKEN it serves Slack over Socket Mode; with SLACK_BOT_TOKEN and
SLACK_SIGNING_SECRET over HTTP (listening where the fleet file's slack.http says, 127.0.0.1 by default);
SLACK_API_URL points the Slack clients at another API host. See docs/slack.md.
With ANTHROPIC_API_KEY (ANTHROPIC_BASE_URL for another host) questions in threads, and "ask" in the
console, are answered by Claude through the read-only tools; see docs/agent.md.

Stops on quit, SIGINT or SIGTERM; with stdin closed it keeps running.`,
  // Slack, Claude and the shadow loop load only when the command runs, so other commands start fast.
  run: async (ctx) => (await import('./start-run.js')).runStart(ctx),
};
