import { HeadroomError } from '../../../analytics/errors.js';
import { TOOLS } from '../../../tools/registry/index.js';
import { openRuntime } from '../../app/runtime.js';
import { storePath } from '../../app/store-path.js';
import { type HostAllowList, parseAllowList } from '../../mcp/host-allow-list.js';
import { serveMcpHttp } from '../../mcp/http.js';
import { checkListenAddress, parseListenAddress } from '../../mcp/listen-address.js';
import { mcpRedaction } from '../../mcp/redaction.js';
import { createMcpServer, type McpServerOptions } from '../../mcp/server.js';
import { serveMcpStdio } from '../../mcp/stdio.js';
import { stopOnSignal } from '../../mcp/stop-signal.js';
import { resolveBearerToken } from '../../mcp/token.js';
import { openStore } from '../../store/index.js';
import { toolDepsForRuntime } from '../../tools-deps.js';
import type { CliContext } from '../command.js';
import { parseCommandArgs } from '../options.js';
import { fleetRuntimeOptions } from '../runtime-options.js';

const SERVER_VERSION = '0.1.0';

/** `headroom mcp` (loaded only when the command runs). */
export async function runMcp(ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs(
    ctx.argv,
    {
      http: { type: 'string' },
      'token-file': { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      'allowed-host': { type: 'string', multiple: true },
    },
    false,
  );
  const allowedHosts = values['allowed-host'] ?? [];
  if (
    values.http === undefined &&
    (values['token-file'] !== undefined || values['allow-remote'] || allowedHosts.length > 0)
  ) {
    throw new HeadroomError(
      'USAGE',
      '--token-file, --allow-remote and --allowed-host only apply with --http HOST:PORT',
    );
  }
  // Bad HTTP settings fail before the fleet is loaded.
  const http =
    values.http === undefined
      ? undefined
      : {
          address: checkListenAddress(parseListenAddress(values.http), values['allow-remote']),
          token: resolveBearerToken(values['token-file'], ctx.env.HEADROOM_MCP_TOKEN),
          allow: allowListOrUsage(allowedHosts),
        };
  const log = (line: string) => ctx.stderr.write(`${line}\n`);
  const rt = await openRuntime({ ...values, ...fleetRuntimeOptions(ctx, values.db) }, ctx.env);
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
}

function allowListOrUsage(values: readonly string[]): HostAllowList {
  try {
    return parseAllowList(values);
  } catch (err) {
    throw new HeadroomError('USAGE', (err as Error).message);
  }
}
