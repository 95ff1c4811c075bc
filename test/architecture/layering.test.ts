// The layering the lint holds (biome.json): analytics/ is the pure core and imports nothing from
// tools/, bot/ or edge-agent/; tools/ and edge-agent/ are adapters and import nothing from bot/.
// The edge wire contract, edge-agent/wire/, is a leaf (its own files, node built-ins, @grpc/*,
// analytics/errors.js); the central (tools/, bot/) reaches the agent only through it, and bot/cli
// through the agent's command entry; the agent does not use the central's client (tools/edge/).
// bot/shadow/ (the one poll loop) imports none of its front ends.
// Checked by running the project's own biome configuration over a scratch tree of small files.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');

const FILES: Record<string, string> = {
  'analytics/uses-tools.ts': '../tools/x.js',
  'analytics/forecast/uses-bot.ts': '../../bot/x.js',
  'analytics/uses-edge.ts': '../edge-agent/x.js',
  'analytics/uses-analytics.ts': './forecast/x.js',
  'analytics/wires-parts.test.ts': '../tools/x.js',
  'tools/uses-bot.ts': '../bot/x.js',
  'tools/registry/uses-analytics.ts': '../../analytics/x.js',
  'edge-agent/uses-bot.ts': '../bot/x.js',
  'edge-agent/uses-tools.ts': '../tools/x.js',
  'edge-agent/uses-central-client.ts': '../tools/edge/client.js',
  'edge-agent/uses-wire.ts': './wire/index.js',
  'edge-agent/cli/uses-bot-cli.ts': '../../bot/cli/command.js',
  'edge-agent/wire/uses-agent.ts': '../checker.js',
  'edge-agent/wire/uses-tools.ts': '../../tools/config/package-root.js',
  'edge-agent/wire/uses-bot.ts': '../../bot/x.js',
  'edge-agent/wire/uses-analytics-types.ts': '../../analytics/types.js',
  'edge-agent/wire/uses-errors.ts': '../../analytics/errors.js',
  'edge-agent/wire/uses-sibling.ts': './proto.js',
  'edge-agent/wire/uses-node.ts': 'node:fs',
  'edge-agent/wire/uses-grpc.ts': '@grpc/grpc-js',
  'edge-agent/wire/uses-pino.ts': 'pino',
  'edge-agent/wire/uses-slack.ts': '@slack/bolt',
  'tools/edge/uses-wire.ts': '../../edge-agent/wire/index.js',
  'tools/edge/uses-wire-file.ts': '../../edge-agent/wire/proto.js',
  'tools/deploys/uses-agent.ts': '../../edge-agent/checker.js',
  'bot/uses-everything.ts': '../tools/x.js',
  'bot/uses-wire.ts': '../edge-agent/wire/index.js',
  'bot/cli/commands/uses-agent-command.ts': '../../../edge-agent/cli/command.js',
  'bot/cli/commands/uses-agent.ts': '../../../edge-agent/agent.js',
  'bot/app/uses-agent-index.ts': '../../edge-agent/index.js',
  'bot/shadow/uses-slack.ts': '../slack/x.js',
  'bot/shadow/uses-console.ts': '../console/x.js',
  'bot/shadow/uses-cli.ts': '../cli/commands/x.js',
  'bot/shadow/uses-core.ts': '../core/x.js',
  'bot/shadow/service.test.ts': '../slack/x.js',
  'bot/slack/uses-shadow.ts': '../shadow/x.js',
};

const dir = mkdtempSync(join(tmpdir(), 'headroom-layering-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refused(): string[] {
  copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
  for (const [file, from] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), `import { x } from '${from}';\n\nexport const y = x;\n`);
  }
  let out: string;
  try {
    out = execFileSync(BIOME, ['lint', '--reporter=json', '.'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    out = (err as { stdout: string }).stdout; // exit 1 when something is refused
  }
  const report = JSON.parse(out) as { diagnostics: { category: string; location: { path: { file: string } } }[] };
  return report.diagnostics
    .filter((d) => d.category === 'lint/style/noRestrictedImports')
    .map((d) => d.location.path.file)
    .sort();
}

describe('layering (biome.json)', () => {
  it('refuses imports against the layers, allows the rest', () => {
    expect(refused()).toEqual([
      'analytics/forecast/uses-bot.ts',
      'analytics/uses-edge.ts',
      'analytics/uses-tools.ts',
      'bot/app/uses-agent-index.ts',
      'bot/cli/commands/uses-agent.ts',
      'bot/shadow/uses-cli.ts',
      'bot/shadow/uses-console.ts',
      'bot/shadow/uses-slack.ts',
      'edge-agent/cli/uses-bot-cli.ts',
      'edge-agent/uses-bot.ts',
      'edge-agent/uses-central-client.ts',
      'edge-agent/wire/uses-agent.ts',
      'edge-agent/wire/uses-analytics-types.ts',
      'edge-agent/wire/uses-bot.ts',
      'edge-agent/wire/uses-pino.ts',
      'edge-agent/wire/uses-slack.ts',
      'edge-agent/wire/uses-tools.ts',
      'tools/deploys/uses-agent.ts',
      'tools/edge/uses-wire-file.ts',
      'tools/uses-bot.ts',
    ]);
  });
});
