// The webhook intake over real HTTP on 127.0.0.1: auth, validation, size limit, normalisation,
// de-duplication, resolution, persistence across a restart, and the push callback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AlertIntakeBundle,
  type AlertIntakeServer,
  buildAlertIntake,
  signBody,
} from '../../tools/alerts/index.js';
import { alertIntakeSchema } from '../../tools/config/fleet-schema.js';
import { post, webhookBody } from './helpers/alert-payloads.js';
import { fleet } from './helpers/contract-fixture.js';

const TOKEN = 'test-token-1234567890';
const HMAC_SECRET = 'hmac-secret-abcdef';
const AT = Date.parse('2026-03-03T21:05:00Z');

let dir: string;
const opened: Array<{ bundle: AlertIntakeBundle; server: AlertIntakeServer }> = [];

async function open(auth: 'bearer' | 'hmac' = 'bearer', extra: Record<string, unknown> = {}) {
  const config = alertIntakeSchema.parse({
    listen: { port: 0 },
    auth: auth === 'bearer' ? { bearer: { env: 'INTAKE_TOKEN' } } : { hmac: { env: 'INTAKE_HMAC' } },
    database: path.join(dir, 'alerts.db'),
    maxBodyBytes: 4096,
    workUnitAliases: { 'eu-west-1-legacy': 'eu-west-1' },
    ...extra,
  });
  const bundle = buildAlertIntake(config, fleet, { INTAKE_TOKEN: TOKEN, INTAKE_HMAC: HMAC_SECRET });
  const server = await bundle.intake.listen('127.0.0.1', 0);
  const handle = { bundle, server };
  opened.push(handle);
  return handle;
}

async function closeAll() {
  for (const { bundle, server } of opened.splice(0)) {
    await server.close();
    bundle.store.close();
  }
}

const bearer = { authorization: `Bearer ${TOKEN}` };
const units = fleet.workUnits.map((u) => u.id);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'headroom-intake-'));
});
afterEach(async () => {
  await closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('alert intake', () => {
  it('accepts an authenticated webhook, fires the unit and calls back at once', async () => {
    const { bundle, server } = await open();
    const pushed: string[] = [];
    bundle.intake.onAlert((wu) => pushed.push(wu));
    const body = webhookBody([{ labels: { work_unit: 'eu-west-1' }, fingerprint: 'f1', summary: 'connections fell' }]);
    const res = await post(server.url, JSON.stringify(body), bearer);
    expect(res).toEqual({ status: 200, json: { accepted: 1, ignored: [] } });
    expect(pushed).toEqual(['eu-west-1']);
    const signals = await bundle.source.read(units, AT);
    expect(signals.get('eu-west-1')).toMatchObject({ status: 'firing', source: 'alertmanager' });
    expect(signals.get('eu-west-1')!.detail).toContain('WorkUnitDegraded');
    expect(signals.get('us-east-1')!.status).toBe('ok');
  });

  it('refuses missing or wrong credentials with 401 and stores nothing', async () => {
    const { bundle, server } = await open();
    const body = JSON.stringify(webhookBody([{ labels: { work_unit: 'eu-west-1' }, fingerprint: 'f1' }]));
    expect((await post(server.url, body)).status).toBe(401);
    expect((await post(server.url, body, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post(server.url, body, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
    expect(bundle.store.firing()).toEqual([]);
  });

  it('checks an HMAC signature of the raw body', async () => {
    const { bundle, server } = await open('hmac');
    const body = JSON.stringify(webhookBody([{ labels: { work_unit: 'us-east-1' }, fingerprint: 'h1' }]));
    expect((await post(server.url, body, { 'x-headroom-signature': signBody('other', body) })).status).toBe(401);
    expect((await post(server.url, body, { 'x-headroom-signature': signBody(HMAC_SECRET, `${body} `) })).status).toBe(
      401,
    );
    expect((await post(server.url, body, bearer)).status).toBe(401);
    expect((await post(server.url, body, { 'x-headroom-signature': signBody(HMAC_SECRET, body) })).status).toBe(200);
    expect(bundle.store.firing().map((a) => a.workUnit)).toEqual(['us-east-1']);
  });

  it('answers malformed JSON and wrong schemas with 400 and the reason', async () => {
    const { server } = await open();
    const bad = await post(server.url, '{"version": "4", ', bearer);
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toMatch(/malformed JSON/);
    const v3 = await post(server.url, JSON.stringify(webhookBody([], { version: '3' })), bearer);
    expect(v3.status).toBe(400);
    expect(JSON.stringify(v3.json.reasons)).toContain('version');
    const noFingerprint = webhookBody([{ labels: { work_unit: 'eu-west-1' }, fingerprint: 'x' }]);
    delete (noFingerprint.alerts as Array<Record<string, unknown>>)[0]!.fingerprint;
    const res = await post(server.url, JSON.stringify(noFingerprint), bearer);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.reasons)).toContain('alerts.0.fingerprint');
  });

  it('refuses an oversized body with 413, declared or streamed', async () => {
    const { bundle, server } = await open();
    const big = JSON.stringify(
      webhookBody([{ labels: { work_unit: 'eu-west-1', padding: 'x'.repeat(5000) }, fingerprint: 'big' }]),
    );
    expect((await post(server.url, big, bearer)).status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await fetch(server.url, {
      method: 'POST',
      body: stream,
      headers: bearer,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(bundle.store.firing()).toEqual([]);
  });

  it('maps labels through aliases, ignores alerts for no known unit, and says why', async () => {
    const { bundle, server } = await open();
    const body = webhookBody([
      { labels: { work_unit: 'eu-west-1-legacy' }, fingerprint: 'a1' },
      { labels: { work_unit: 'mars-1' }, fingerprint: 'a2' },
      { labels: { instance: 'x' }, fingerprint: 'a3' },
    ]);
    const res = await post(server.url, JSON.stringify(body), bearer);
    expect(res.json.accepted).toBe(1);
    expect(res.json.ignored).toEqual([
      { fingerprint: 'a2', reason: '"mars-1" is not a work unit of this fleet' },
      { fingerprint: 'a3', reason: 'no "work_unit" label' },
    ]);
    expect(bundle.store.firing().map((a) => a.workUnit)).toEqual(['eu-west-1']);
  });

  it('de-duplicates by fingerprint, and a resolution clears the signal', async () => {
    const { bundle, server } = await open();
    const pushed: string[] = [];
    bundle.intake.onAlert((wu, e) => pushed.push(`${wu}:${e.status}`));
    const firing = JSON.stringify(webhookBody([{ labels: { work_unit: 'ap-south-1' }, fingerprint: 'd1' }]));
    await post(server.url, firing, bearer);
    await post(server.url, firing, bearer);
    expect(bundle.store.firing()).toHaveLength(1);
    const resolved = webhookBody([{ status: 'resolved', labels: { work_unit: 'ap-south-1' }, fingerprint: 'd1' }]);
    await post(server.url, JSON.stringify(resolved), bearer);
    expect(pushed).toEqual(['ap-south-1:firing', 'ap-south-1:resolved']);
    expect((await bundle.source.read(['ap-south-1'], AT)).get('ap-south-1')!.status).toBe('ok');
  });

  it('ignores a late resolution of an earlier incident', async () => {
    const { bundle, server } = await open();
    const labels = { work_unit: 'ap-south-1' };
    await post(
      server.url,
      JSON.stringify(webhookBody([{ labels, fingerprint: 'r1', startsAt: '2026-03-03T21:00:00Z' }])),
      bearer,
    );
    const late = webhookBody([{ status: 'resolved', labels, fingerprint: 'r1', startsAt: '2026-03-03T20:00:00Z' }]);
    await post(server.url, JSON.stringify(late), bearer);
    expect(bundle.store.firing()).toHaveLength(1);
  });

  it('ignores a firing of an instance already resolved (an HA copy or a retry arriving late)', async () => {
    const { bundle, server } = await open();
    const labels = { work_unit: 'ap-south-1' };
    const startsAt = '2026-03-03T21:00:00Z';
    const firing = JSON.stringify(webhookBody([{ labels, fingerprint: 'h1', startsAt }]));
    await post(server.url, firing, bearer);
    await post(
      server.url,
      JSON.stringify(webhookBody([{ status: 'resolved', labels, fingerprint: 'h1', startsAt }])),
      bearer,
    );
    await post(server.url, firing, bearer); // the late copy
    expect(bundle.store.firing()).toHaveLength(0);
    expect((await bundle.source.read(['ap-south-1'], AT)).get('ap-south-1')!.status).toBe('ok');
    // a real re-fire starts later, and counts
    await post(
      server.url,
      JSON.stringify(webhookBody([{ labels, fingerprint: 'h1', startsAt: '2026-03-03T22:00:00Z' }])),
      bearer,
    );
    expect(bundle.store.firing()).toHaveLength(1);
  });

  it('a firing alert not notified again for longer than firingTtlMinutes is unknown; a repeat makes it current', async () => {
    const { bundle, server } = await open('bearer', { firingTtlMinutes: 300 });
    const body = JSON.stringify(webhookBody([{ labels: { work_unit: 'us-west-2' }, fingerprint: 't1' }]));
    await post(server.url, body, bearer);
    const notifiedMs = bundle.store.firing()[0]!.lastNotifiedMs;
    const read = async (atMs: number) => (await bundle.source.read(['us-west-2'], atMs)).get('us-west-2')!;
    expect((await read(notifiedMs + 4 * 3_600_000)).status).toBe('firing');
    const quiet = await read(notifiedMs + 6 * 3_600_000);
    expect(quiet.status).toBe('unknown');
    expect(quiet.detail).toMatch(
      /^WorkUnitDegraded was firing for us-west-2 but not notified again for 6\.0 h \(longer than 5 h; /,
    );
    await post(server.url, body, bearer); // Alertmanager's repeat: a duplicate, and proof it still fires
    expect(bundle.store.firing()[0]!.lastNotifiedMs).toBeGreaterThanOrEqual(notifiedMs);
    expect((await read(bundle.store.firing()[0]!.lastNotifiedMs + 3_600_000)).status).toBe('firing');
  });

  it('keeps accepted alerts across a restart', async () => {
    const first = await open();
    const body = webhookBody([{ labels: { work_unit: 'us-west-2' }, fingerprint: 'p1' }]);
    expect((await post(first.server.url, JSON.stringify(body), bearer)).status).toBe(200);
    await closeAll();
    const second = await open();
    expect((await second.bundle.source.read(['us-west-2'], AT)).get('us-west-2')!.status).toBe('firing');
  });

  it('is unknown, not ok, when Alertmanager has been silent longer than the heartbeat window', async () => {
    const { bundle } = await open('bearer', { heartbeatSeconds: 120 });
    expect((await bundle.source.read(['us-east-1'], AT)).get('us-east-1')!.status).toBe('unknown');
    bundle.store.heartbeat(AT - 60_000);
    expect((await bundle.source.read(['us-east-1'], AT)).get('us-east-1')!.status).toBe('ok');
    expect((await bundle.source.read(['us-east-1'], AT + 200_000)).get('us-east-1')!.status).toBe('unknown');
    expect((await bundle.source.read(['nowhere-1'], AT)).get('nowhere-1')!.status).toBe('unknown');
  });

  it('answers other paths and methods with 404 and 405', async () => {
    const { server } = await open();
    expect((await fetch(server.url.replace('/alertmanager', '/other'), { method: 'POST' })).status).toBe(404);
    expect((await fetch(server.url)).status).toBe(405);
  });

  it('rejects a config whose secret is missing, naming the variable', () => {
    const config = alertIntakeSchema.parse({
      listen: { port: 0 },
      auth: { bearer: { env: 'NOT_SET_ANYWHERE' } },
      database: path.join(dir, 'x.db'),
    });
    expect(() => buildAlertIntake(config, fleet, {})).toThrow(/NOT_SET_ANYWHERE is not set/);
  });
});
