import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type PeerCertificate } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeAgent, startEdgeAgent } from '../../edge-agent/agent.js';
import { ReloadingTlsFiles } from '../../edge-agent/wire/tls-files.js';
import { EdgeAgentClient } from '../../tools/edge/client.js';
import {
  AGENT_ID,
  CENTRAL_ID,
  captureLog,
  centralOptions,
  type EdgePki,
  FakeMetrics,
  makeEdgePki,
  until,
  WU,
} from './fixtures.js';

let pki: EdgePki;
beforeAll(() => {
  pki = makeEdgePki();
});
afterAll(() => pki?.pki.cleanup());

/** The certificate the agent presents to a new connection. */
function presentedCert(port: number): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      servername: AGENT_ID,
      ALPNProtocols: ['h2'],
      rejectUnauthorized: false,
    });
    socket.once('secureConnect', () => {
      resolve(socket.getPeerCertificate());
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('certificate rotation without a restart', () => {
  let agent: EdgeAgent;
  let dir: string;
  afterAll(async () => agent?.close(0));

  it('the agent serves the new certificate and trusts the new client CA once the files change', async () => {
    dir = mkdtempSync(join(pki.pki.dir, 'live-'));
    const live = { cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key'), ca: join(dir, 'ca.crt') };
    copyFileSync(pki.agent.cert, live.cert);
    copyFileSync(pki.agent.key, live.key);
    copyFileSync(pki.fleetCa.cert, live.ca);
    const { log, lines } = captureLog();
    agent = await startEdgeAgent({
      workUnit: WU,
      listen: '127.0.0.1:0',
      tls: live,
      allowIdentities: [CENTRAL_ID],
      metrics: new FakeMetrics(),
      log,
      certReloadIntervalMs: 25,
    });
    const before = await presentedCert(agent.port);
    const central = new EdgeAgentClient(centralOptions(pki, { [WU]: { port: agent.port } }));
    const rogueCentral = new EdgeAgentClient({
      ...centralOptions(pki, { [WU]: { port: agent.port } }),
      tls: { cert: pki.rogueCentral.cert, key: pki.rogueCentral.key, ca: pki.fleetCa.cert },
    });
    expect((await central.check(WU)).status).toBe('answered');
    expect((await rogueCentral.check(WU)).status).toBe('unreachable');

    // Rotate: a new agent certificate, and the client CA bundle now holds the rogue CA as well.
    const renewed = pki.pki.leaf(pki.fleetCa, 'agent-renewed', [AGENT_ID]);
    copyFileSync(renewed.key, live.key);
    copyFileSync(renewed.cert, live.cert);
    writeFileSync(live.ca, [pki.fleetCa.cert, pki.rogueCa.cert].map((f) => readText(f)).join(''));
    await until(() => lines.some((l) => l.msg === 'certificates reloaded'));

    const after = await presentedCert(agent.port);
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect(after.fingerprint256).toBe(new X509Certificate(readText(renewed.cert)).fingerprint256);
    expect((await rogueCentral.check(WU)).status).toBe('answered');
    expect((await central.check(WU)).status).toBe('answered');
    central.close();
    rogueCentral.close();
  });

  it('a half-written rotation (key of another certificate) keeps the previous material and says why', () => {
    const d = mkdtempSync(join(pki.pki.dir, 'half-'));
    const files = { cert: join(d, 'tls.crt'), key: join(d, 'tls.key'), ca: join(d, 'ca.crt') };
    copyFileSync(pki.agent.cert, files.cert);
    copyFileSync(pki.agent.key, files.key);
    copyFileSync(pki.fleetCa.cert, files.ca);
    const problems: string[] = [];
    const tls = new ReloadingTlsFiles(files, (m) => problems.push(m));
    const original = tls.current.cert;
    copyFileSync(pki.central.cert, files.cert); // the key is still the agent's
    expect(tls.refresh()).toBe(false);
    expect(tls.current.cert.equals(original)).toBe(true);
    expect(problems[0]).toMatch(/is not the key of/);
    copyFileSync(pki.central.key, files.key);
    expect(tls.refresh()).toBe(true);
    expect(tls.version).toBe(2);
    tls.close();
  });

  it('the central picks up its own rotated client certificate on the next poll', async () => {
    const d = mkdtempSync(join(pki.pki.dir, 'central-'));
    const files = { cert: join(d, 'tls.crt'), key: join(d, 'tls.key'), ca: join(d, 'ca.crt') };
    copyFileSync(pki.stranger.cert, files.cert);
    copyFileSync(pki.stranger.key, files.key);
    copyFileSync(pki.fleetCa.cert, files.ca);
    const problems: string[] = [];
    const client = new EdgeAgentClient({
      ...centralOptions(pki, { [WU]: { port: agent.port } }),
      tls: files,
      onTlsProblem: (m) => problems.push(m),
    });
    expect((await client.checkAll([WU])).get(WU)).toMatchObject({ status: 'unreachable', reason: 'denied' });
    copyFileSync(pki.central.cert, files.cert); // half-way: the key is still the stranger's
    expect((await client.checkAll([WU])).get(WU)).toMatchObject({ status: 'unreachable', reason: 'denied' });
    expect(problems[0]).toMatch(/^certificate reload skipped: .* is not the key of /);
    copyFileSync(pki.central.key, files.key);
    expect((await client.checkAll([WU])).get(WU)?.status).toBe('answered');
    client.close();
  });
});

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
