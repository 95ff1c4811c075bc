import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say, useTool } from '../fakes/anthropic/script.js';
import { FakeAnthropic } from '../fakes/anthropic/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/headroom.js');
const API_KEY = 'sk-ant-console-test-key-0123456789';

let anthropic: FakeAnthropic;
let dir: string;
beforeAll(async () => {
  anthropic = await new FakeAnthropic({ apiKey: API_KEY }).start();
  dir = mkdtempSync(join(tmpdir(), 'headroom-console-ask-'));
});
afterAll(async () => {
  await anthropic?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `headroom start` on the demo fleet with typed lines on stdin; resolves with stdout once `until` appears. */
async function consoleSession(
  env: Record<string, string>,
  lines: string[],
  until: RegExp,
  db = `${Object.keys(env).length}.db`,
): Promise<string> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [BIN, 'start', '--speed', '1', '--db', join(dir, db)],
    { cwd: ROOT, env: { ...process.env, HEADROOM_HISTORY_DAYS: '35', ...env }, stdio: 'pipe' },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await waitFor(
      () => out.includes('Ready.'),
      30_000,
      () => out,
    );
    for (const line of lines) child.stdin.write(`${line}\n`);
    await waitFor(
      () => until.test(out),
      15_000,
      () => out,
    );
    if (!lines.includes('quit')) child.stdin.write('quit\n');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGTERM');
  }
  return out;
}

async function waitFor(ok: () => boolean, ms: number, what: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out; output so far:\n${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('ask in the terminal console', () => {
  it('with a key, Claude answers through the tools and the console shows the progress', async () => {
    anthropic.reset();
    anthropic.script([
      useTool('get_headroom', { workUnit: 'us-east-1' }),
      say('us-east-1 has room left at this hour (get_headroom). THE-CONSOLE-ANSWER'),
    ]);
    const out = await consoleSession(
      { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: anthropic.url },
      ['ask how much room does us-east-1 have? mail me at ops@example.com'],
      /THE-CONSOLE-ANSWER/,
    );
    expect(out).toContain('… checking headroom of us-east-1…');
    const bodies = anthropic.bodies();
    expect(bodies).toHaveLength(2);
    // The tool really ran: its result went back to the model in the second request.
    const sent = JSON.stringify(bodies[1]);
    expect(sent).toContain('tool_result');
    expect(sent).toContain('safeCapacity');
    // Redacted before it left the machine.
    expect(JSON.stringify(bodies)).not.toContain('ops@example.com');
  });

  it('without a key, structured what-if questions get the deterministic answer; a bare ask shows usage', async () => {
    const out = await consoleSession(
      { ANTHROPIC_API_KEY: '', ANTHROPIC_BASE_URL: '' },
      ['ask', 'ask what if shed eu-west-1'],
      /Read as:/,
    );
    expect(out).toContain('Usage: ask <question>');
    expect(out).toContain('Read as: whatif shed eu-west-1');
    expect(out).not.toContain('_Read as:_');
  });

  it('quit typed while a question is being answered waits for the answer, then stops cleanly', async () => {
    anthropic.reset();
    anthropic.script([{ kind: 'slow', delayMs: 1500, reply: say('Nothing to add. THE-SLOW-ANSWER') }]);
    const out = await consoleSession(
      { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: anthropic.url },
      ['ask is the fleet calm tonight?', 'quit'],
      /Headroom stopped\./,
      'quit-race.db',
    );
    const answerAt = out.indexOf('THE-SLOW-ANSWER');
    expect(answerAt).toBeGreaterThan(0);
    expect(answerAt).toBeLessThan(out.indexOf('Headroom stopped.'));
    expect(out).not.toContain('internal error');
  });
});
