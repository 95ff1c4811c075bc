import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './fake-slack/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/headroom.js');

let fake: FakeSlack;
let dir: string;
beforeAll(async () => {
  fake = await new FakeSlack().start();
  dir = mkdtempSync(join(tmpdir(), 'headroom-start-'));
  const fleet = readFileSync(join(ROOT, 'manifests/fleet.example.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'fleet.yaml'),
    `${fleet}\nslack:\n  channel: C0OPS\n  report: { cron: '0 9 * * 1', timezone: Europe/Dublin }\n`,
  );
});
afterAll(async () => {
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('headroom start with Slack credentials', () => {
  it('chooses Socket Mode, connects through SLACK_API_URL and posts the demo recommendation; stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'start', '--speed', '600', '--db', join(dir, 'h.db')], {
      cwd: ROOT,
      env: {
        ...process.env,
        HEADROOM_HISTORY_DAYS: '35',
        HEADROOM_FLEET: join(dir, 'fleet.yaml'),
        SLACK_BOT_TOKEN: 'xoxb-start-test',
        SLACK_APP_TOKEN: 'xapp-start-test',
        SLACK_API_URL: fake.apiUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await fake.waitFor(() => fake.connections > 0, 20_000, 'Socket Mode connection');
      await fake.waitFor(
        () => fake.posts('C0OPS').some((m) => m.text.includes('eu-west-1')),
        20_000,
        'recommendation post',
      );
      expect(out).toContain('Serving Slack Socket Mode');
      expect(fake.callsOf('auth.test')[0]!.token).toBe('xoxb-start-test');
      expect(fake.callsOf('apps.connections.open')[0]!.token).toBe('xapp-start-test');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('Headroom stopped.');
    expect(`${out}${err}`).not.toContain('xoxb-start-test');
  });
});
