// End to end: the real `headroom start` (console, simulated fleet) with a deployment webhook in the
// fleet file. A signed GitHub deployment_status and an Argo CD notification posted to its port on
// 127.0.0.1 are stored and read back by the recorded deploy feed (what list_deploys serves); a bad
// signature and a missing token are refused with 401 and the reason; SIGTERM closes the listener.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSignature } from '../../tools/deploys/deploy-intake.js';
import { DeployStore } from '../../tools/deploys/deploy-store.js';
import { RecordedDeployFeed } from '../../tools/deploys/recorded-feed.js';
import { BIN, ROOT } from '../cli/run-cli.js';
import { range } from './helpers/evidence-fixture.js';

const SECRET = 'gh-start-secret-5f1d';
const TOKEN = 'argo-start-token-9c2e';
const statusEvent = readFileSync(
  new URL('../fixtures/evidence/github-deployment-status.json', import.meta.url),
  'utf8',
);
const argoEvent = JSON.stringify({
  app: 'checkout',
  workUnit: 'eu-west-1',
  revision: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
  phase: 'Succeeded',
  startedAt: '2026-03-04T01:55:00Z',
  finishedAt: '2026-03-04T01:57:10Z',
  initiatedBy: 'automated',
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-start-deploys-'));
  const tokenFile = join(dir, 'argocd.token');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  const fleet = readFileSync(join(ROOT, 'manifests/fleet.example.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'fleet.yaml'),
    `${fleet}
evidence:
  logs: { kind: simulated }
  deploys:
    kind: recorded
    database: deploys.db
    webhook:
      listen: { port: 0 }
      github: { secret: { env: HEADROOM_TEST_GITHUB_SECRET } }
      argocd: { bearer: { file: ${JSON.stringify(tokenFile)} } }
      environments: { production-us-east: us-east-1 }
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startHeadroom(): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(process.execPath, [BIN, 'start', '--speed', '1', '--db', join(dir, 'h.db')], {
    cwd: ROOT,
    env: {
      ...process.env,
      HEADROOM_HISTORY_DAYS: '35',
      HEADROOM_FLEET: join(dir, 'fleet.yaml'),
      HEADROOM_TEST_GITHUB_SECRET: SECRET,
    },
    stdio: 'pipe',
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  return { child, output: () => out };
}

async function waitFor(test: () => boolean, ms: number, output: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('headroom start with a deployment webhook', () => {
  it('accepts signed GitHub and Argo CD deliveries into the deploy feed, refuses bad ones, stops on SIGTERM', async () => {
    const { child, output } = startHeadroom();
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let base = '';
    try {
      await waitFor(() => /Deployment webhooks accepted on (\S+)\/github/.test(output()), 20_000, output);
      base = /Deployment webhooks accepted on (\S+)\/github/.exec(output())![1]!;
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/deploys$/);
      await waitFor(() => output().includes('Ready.'), 20_000, output);

      const github = (signature: string) =>
        fetch(`${base}/github`, {
          method: 'POST',
          body: statusEvent,
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'deployment_status',
            'x-hub-signature-256': signature,
          },
        });
      const forged = await github(githubSignature('not-the-secret', statusEvent));
      expect(forged.status).toBe(401);
      expect(await forged.json()).toEqual({ error: 'signature does not match' });
      const signed = await github(githubSignature(SECRET, statusEvent));
      expect(signed.status).toBe(200);
      expect(await signed.json()).toEqual({ id: 'github:1234567', outcome: 'new' });

      const noToken = await fetch(`${base}/argocd`, { method: 'POST', body: argoEvent });
      expect(noToken.status).toBe(401);
      const argo = await fetch(`${base}/argocd`, {
        method: 'POST',
        body: argoEvent,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(argo.status).toBe(200);
      expect(await argo.json()).toMatchObject({ outcome: 'new' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output()).toContain('Headroom stopped.');
    expect(output()).not.toContain(SECRET);
    expect(output()).not.toContain(TOKEN);
    // the listener is gone with the process
    await expect(fetch(`${base}/github`, { method: 'POST', body: '{}' })).rejects.toThrow();

    // the recorded feed (what list_deploys reads) serves both from the store the bot wrote
    const store = new DeployStore(join(dir, 'deploys.db'), { readonly: true });
    try {
      const feed = await new RecordedDeployFeed(store, {}).list(
        range(Date.parse('2026-03-04T00:00:00Z'), Date.parse('2026-03-04T03:00:00Z')),
      );
      expect(feed.status).toBe('ok');
      const events = feed.status === 'ok' ? feed.value : [];
      expect(events.map((e) => [e.workUnit, e.source, e.service, e.status])).toEqual([
        ['us-east-1', 'github', 'checkout', 'failed'],
        ['eu-west-1', 'argocd', 'checkout', 'succeeded'],
      ]);
    } finally {
      store.close();
    }
  }, 30_000);
});
