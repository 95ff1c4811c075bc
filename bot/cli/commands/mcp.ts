import type { CliCommand } from '../command.js';
import { COMMON_HELP } from '../options.js';

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: 'serve the read-only tool registry over MCP (stdio, or Streamable HTTP with a bearer token)',
  help: `Usage: headroom mcp [--http HOST:PORT [--token-file FILE] [--allow-remote] [--allowed-host NAME]...] [options]

Serves Headroom's tools (get_headroom, recommend_failover, simulate_migration, …; see docs/tools.md)
to an MCP client such as Claude Code. Every tool is read-only: none acts on traffic.

Without --http it speaks MCP over stdin/stdout (the client starts it). With --http it listens for
Streamable HTTP on http://HOST:PORT/mcp (stateless) and requires "Authorization: Bearer <token>"
on every request; the token comes from $HEADROOM_MCP_TOKEN or --token-file, never the command line.

  --http HOST:PORT     listen for Streamable HTTP (127.0.0.1 by default; port 0 picks a free one)
  --token-file FILE    read the bearer token from FILE (else $HEADROOM_MCP_TOKEN; 16+ characters)
  --allow-remote       allow a non-loopback HOST (put TLS in front: the token travels in clear)
  --allowed-host NAME  accept this Host header name (or Origin, given as https://NAME) besides
                       localhost, 127.0.0.1 and ::1; others get 403 (DNS-rebinding guard); repeatable
${COMMON_HELP}

Logs go to stderr; in stdio mode stdout is the protocol. Stops on SIGINT or SIGTERM, and in stdio
mode when the client closes stdin. See docs/mcp.md.

Examples:
  claude mcp add headroom -- npx headroom mcp
  HEADROOM_MCP_TOKEN=$(cat ~/.headroom-mcp-token) headroom mcp --http 127.0.0.1:8765`,
  run: async (ctx) => (await import('./mcp-run.js')).runMcp(ctx),
};
