// The deployment webhook over real HTTP: GitHub's signed deliveries and Argo CD notifications are
// stored and served by the recorded feed; unsigned, altered, oversized or unknown input is refused.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DeployIntakeServer, githubSignature, listenForDeploys } from '../../tools/deploys/deploy-intake.js';
import { DeployStore } from '../../tools/deploys/deploy-store.js';
import { RecordedDeployFeed } from '../../tools/deploys/recorded-feed.js';
import { SimulatedDeployFeed } from '../../tools/sim/evidence/index.js';
import { deployFeedContract } from './helpers/deploy-contract.js';
import { AT_MS, evidenceSim, range } from './helpers/evidence-fixture.js';

const SECRET = 'gh-webhook-secret';
const TOKEN = 'argo-token';
const UNITS = ['us-east-1', 'eu-west-1'];
const statusEvent = readFileSync(
  new URL('../fixtures/evidence/github-deployment-status.json', import.meta.url),
  'utf8',
);

deployFeedContract('recorded (webhook store + edge deploy file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-deploys-'));
  const store = new DeployStore(join(dir, 'deploys.db'));
  const day = await new SimulatedDeployFeed(evidenceSim()).list(range(AT_MS - 86_400_000, AT_MS + 3_600_000));
  if (day.status !== 'ok') throw new Error(day.reason);
  for (const d of day.value.filter((e) => e.workUnit !== 'eu-west-1'))
    store.record({ ...d, id: d.id.replace('simulated', 'github') }, d.timeMs);
  const edgeFile = join(dir, 'eu-west-1.jsonl');
  writeFileSync(
    edgeFile,
    day.value
      .filter((e) => e.workUnit === 'eu-west-1')
      .map((e) => JSON.stringify({ service: e.service, version: e.version, atMs: e.timeMs, detail: 'from the edge' }))
      .join('\n'),
  );
  return {
    feed: new RecordedDeployFeed(store, { 'eu-west-1': edgeFile }),
    busyUnit: 'us-east-1',
    teardown: async () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('deployment webhook', () => {
  let dir: string;
  let store: DeployStore;
  let server: DeployIntakeServer;
  const seen: string[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'headroom-hook-'));
    store = new DeployStore(join(dir, 'deploys.db'));
    server = await listenForDeploys(
      {
        store,
        path: '/deploys',
        maxBodyBytes: 16_384,
        workUnits: UNITS,
        environments: { 'production-us-east': 'us-east-1' },
        githubSecret: SECRET,
        argoCdToken: TOKEN,
        onDeploy: (e) => seen.push(e.id),
      },
      '127.0.0.1',
      0,
    );
  });
  afterEach(async () => {
    await server.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const github = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/github`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'deployment_status',
        'x-hub-signature-256': githubSignature(SECRET, body),
        ...headers,
      },
    });

  it('stores a signed GitHub deployment_status, its environment mapped to the unit', async () => {
    const res = await github(statusEvent);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'github:1234567', outcome: 'new' });
    const got = await new RecordedDeployFeed(store, {}).list(range(AT_MS - 3_600_000, AT_MS), 'us-east-1');
    expect(got).toEqual({
      status: 'ok',
      value: [
        {
          id: 'github:1234567',
          workUnit: 'us-east-1',
          service: 'checkout',
          version: 'v3.9.0-rc1',
          timeMs: Date.parse('2026-03-04T02:00:00Z'),
          status: 'failed',
          source: 'github',
          actor: 'octocat',
          description: 'Smoke tests failed after rollout',
        },
      ],
    });
    expect(seen).toContain('github:1234567');
  });

  it('keeps the newest status of a deployment; a late older one is stale', async () => {
    await github(statusEvent);
    const older = JSON.parse(statusEvent);
    older.deployment_status.state = 'in_progress';
    older.deployment_status.created_at = '2026-03-04T02:01:00Z';
    const res = await github(JSON.stringify(older));
    expect(await res.json()).toMatchObject({ outcome: 'stale' });
    const got = await new RecordedDeployFeed(store, {}).list(range(AT_MS - 3_600_000, AT_MS));
    expect(got.status === 'ok' && got.value[0]!.status).toBe('failed');
  });

  it('refuses a missing or wrong signature and an altered body', async () => {
    expect((await github(statusEvent, { 'x-hub-signature-256': '' })).status).toBe(401);
    const wrong = await github(statusEvent, { 'x-hub-signature-256': githubSignature('other', statusEvent) });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'signature does not match' });
    const altered = await fetch(`${server.url}/github`, {
      method: 'POST',
      body: statusEvent.replace('failure', 'success'),
      headers: { 'x-github-event': 'deployment_status', 'x-hub-signature-256': githubSignature(SECRET, statusEvent) },
    });
    expect(altered.status).toBe(401);
    expect(store.list(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('says why a payload is refused: unknown environment, wrong shape, not JSON, too large', async () => {
    const other = JSON.parse(statusEvent);
    other.deployment.environment = 'staging';
    const res = await github(JSON.stringify(other));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'environment "staging" names no work unit (add it to evidence.deploys.webhook.environments)',
    });
    expect((await github('{"deployment":{}}')).status).toBe(400);
    expect((await github('not json')).status).toBe(400);
    expect((await github(JSON.stringify({ pad: 'x'.repeat(20_000) }))).status).toBe(413);
    expect((await github('{}', { 'x-github-event': 'ping' })).status).toBe(202);
  });

  it('accepts Argo CD notifications with the bearer token, refuses them without', async () => {
    const body = JSON.stringify({
      app: 'checkout',
      workUnit: 'eu-west-1',
      revision: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
      phase: 'Succeeded',
      startedAt: '2026-03-04T01:55:00Z',
      finishedAt: '2026-03-04T01:57:10Z',
      initiatedBy: 'automated',
    });
    const unauth = await fetch(`${server.url}/argocd`, { method: 'POST', body });
    expect(unauth.status).toBe(401);
    const ok = await fetch(`${server.url}/argocd`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await ok.json()).toEqual({
      id: 'argocd:eu-west-1:checkout:a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
      outcome: 'new',
    });
    expect(store.list(0, Number.MAX_SAFE_INTEGER, 'eu-west-1')[0]).toMatchObject({
      service: 'checkout',
      version: 'a84d88e7554f',
      status: 'succeeded',
      source: 'argocd',
    });
    const bad = await fetch(`${server.url}/argocd`, {
      method: 'POST',
      body: JSON.stringify({
        app: 'x',
        workUnit: 'mars-1',
        revision: 'r',
        phase: 'Succeeded',
        startedAt: '2026-03-04T01:55:00Z',
      }),
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await bad.json()).toEqual({ error: 'workUnit "mars-1" is not a work unit of this fleet' });
  });

  it('keeps what it acknowledged across a restart', async () => {
    await github(statusEvent);
    store.close();
    const reopened = new DeployStore(join(dir, 'deploys.db'));
    expect(reopened.list(0, Number.MAX_SAFE_INTEGER).map((d) => d.id)).toEqual(['github:1234567']);
    reopened.close();
    store = new DeployStore(join(dir, 'deploys.db'));
  });

  it('answers 404 and 405 elsewhere', async () => {
    expect((await fetch(`${server.url}/gitlab`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${server.url}/github`)).status).toBe(405);
  });
});

describe('webhook configuration', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'headroom-hookcfg-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a webhook with no credentials, and an edge file for an unknown unit', async () => {
    const { parseFleetConfig, EXAMPLE_FLEET_FILE } = await import('../../tools/config/load-fleet.js');
    const example = readFileSync(EXAMPLE_FLEET_FILE, 'utf8');
    expect(() =>
      parseFleetConfig(
        `${example}\nevidence: { deploys: { kind: recorded, database: d.db, webhook: { listen: { port: 0 } } } }\n`,
        'f.yaml',
      ),
    ).toThrow(/evidence\.deploys\.webhook.*unauthenticated webhook is refused/s);
    expect(() =>
      parseFleetConfig(
        `${example}\nevidence: { deploys: { kind: recorded, database: d.db, edgeFiles: { mars-1: x.jsonl } } }\n`,
        'f.yaml',
      ),
    ).toThrow(/evidence\.deploys\.edgeFiles\.mars-1.*a known work unit/s);
  });
});
