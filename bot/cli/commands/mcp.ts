import { HeadroomError } from '../../../analytics/errors.js';
import { TOOLS } from '../../../tools/registry/index.js';
import { openRuntime } from '../../app/runtime.js';
import { storePath } from '../../app/store-path.js';
import { serveMcpHttp } from '../../mcp/http.js';
import { checkListenAddress, parseListenAddress } from '../../mcp/listen-address.js';
import { mcpRedaction } from '../../mcp/redaction.js';
import { createMcpServer, type McpServerOptions } from '../../mcp/server.js';
import { serveMcpStdio } from '../../mcp/stdio.js';
import { stopOnSignal } from '../../mcp/stop-signal.js';
import { resolveBearerToken } from '../../mcp/token.js';
import { openStore } from '../../store/index.js';
import { toolDepsForRuntime } from '../../tools-deps.js';
import type { CliCommand } from '../command.js';
import { COMMON_HELP, parseCommandArgs } from '../options.js';

const SERVER_VERSION = '0.1.0';

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: 'serve the read-only tool registry over MCP (stdio, or Streamable HTTP with a bearer token)',
  help: `Usage: headroom mcp [--http HOST:PORT [--token-file FILE] [--allow-remote]] [options]

Serves Headroom's tools (get_headroom, recommend_failover, simulate_migration, …; see docs/tools.md)
to an MCP client such as Claude Code. Every tool is read-only: none acts on traffic.

Without --http it speaks MCP over stdin/stdout (the client starts it). With --http it listens for
Streamable HTTP on http://HOST:PORT/mcp (stateless) and requires "Authorization: Bearer <token>"
on every request; the token comes from $HEADROOM_MCP_TOKEN or --token-file, never the command line.

  --http HOST:PORT     listen for Streamable HTTP (127.0.0.1 by default; port 0 picks a free one)
  --token-file FILE    read the bearer token from FILE (else $HEADROOM_MCP_TOKEN; 16+ characters)
  --allow-remote       allow a non-loopback HOST (put TLS in front: the token travels in clear)
${COMMON_HELP}

Logs go to stderr; in stdio mode stdout is the protocol. Stops on SIGINT or SIGTERM, and in stdio
mode when the client closes stdin. See docs/mcp.md.

Examples:
  claude mcp add headroom -- npx headroom mcp
  HEADROOM_MCP_TOKEN=$(cat ~/.headroom-mcp-token) headroom mcp --http 127.0.0.1:8765`,
  async run(ctx) {
    const { values } = parseCommandArgs(
      ctx.argv,
      {
        http: { type: 'string' },
        'token-file': { type: 'string' },
        'allow-remote': { type: 'boolean', default: false },
      },
      false,
    );
    if (values.http === undefined && (values['token-file'] !== undefined || values['allow-remote'])) {
      throw new HeadroomError('USAGE', '--token-file and --allow-remote only apply with --http HOST:PORT');
    }
    // Bad HTTP settings fail before the fleet is loaded.
    const http =
      values.http === undefined
        ? undefined
        : {
            address: checkListenAddress(parseListenAddress(values.http), values['allow-remote']),
            token: resolveBearerToken(values['token-file'], ctx.env.HEADROOM_MCP_TOKEN),
          };
    const log = (line: string) => ctx.stderr.write(`${line}\n`);
    const rt = await openRuntime(values, ctx.env);
    const store = openStore(storePath(values.db, ctx.env, ctx.cwd));
    // A fixed moment when one was asked for (--at, the scenario's "at"); otherwise the clock.
    const fixed = values.at !== undefined || rt.scenario.atMs !== undefined;
    const deps = toolDepsForRuntime(rt, store, fixed ? () => rt.atMs : () => Date.now());
    const serverOptions: McpServerOptions = {
      version: SERVER_VERSION,
      // Results reach Claude through the client: redacted as on the way to Claude in Slack.
      redaction: mcpRedaction(rt.config),
      onToolCrash: (tool, err) => log(`mcp: tool ${tool} failed: ${(err as Error)?.stack ?? String(err)}`),
    };
    const signal = stopOnSignal();
    try {
      await rt.core.learnedAt(deps.now());
      if (http) {
        const running = await serveMcpHttp({
          ...http,
          newServer: () => createMcpServer(TOOLS, deps, serverOptions),
          log,
        });
        log(`headroom mcp: ${TOOLS.length} read-only tools at ${running.url} (bearer token required)`);
        await signal.stopped;
        await running.close();
      } else {
        log(`headroom mcp: ${TOOLS.length} read-only tools on stdio`);
        const server = createMcpServer(TOOLS, deps, serverOptions);
        await serveMcpStdio(server, { stdin: process.stdin, stdout: ctx.stdout }, signal.stopped);
      }
    } finally {
      signal.dispose();
      rt.close();
      store.close();
    }
    log('headroom mcp: stopped');
    return 0;
  },
};
