// A real VictoriaMetrics (Debian's victoria-metrics) on 127.0.0.1 with a temporary data directory,
// basic auth, and the simulated fleet's history imported over its Prometheus text import API.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TimeRange } from '../../../analytics/types.js';
import { writeSimulatedOpenMetrics } from '../../../tools/prometheus/sim-openmetrics.js';
import type { SimulatedFleet } from '../../../tools/sim/simulated-fleet.js';
import { requireBinary } from './binaries.js';
import { freePort, startDaemon, waitReady } from './processes.js';

export interface VictoriaMetricsServer {
  url: string;
  username: string;
  password: string;
  samples: number;
  stop(): Promise<void>;
}

export async function startVictoriaMetrics(history: {
  sim: SimulatedFleet;
  range: TimeRange;
}): Promise<VictoriaMetricsServer> {
  const binary = requireBinary('victoria-metrics');
  const root = mkdtempSync(path.join(tmpdir(), 'headroom-vm-'));
  const port = await freePort();
  const username = 'headroom';
  const password = 'vm-test-password';
  const daemon = startDaemon(binary, [
    `-httpListenAddr=127.0.0.1:${port}`,
    `-storageDataPath=${path.join(root, 'data')}`,
    '-retentionPeriod=100y',
    '-search.disableCache',
    `-httpAuth.username=${username}`,
    `-httpAuth.password=${password}`,
  ]);
  const url = `http://127.0.0.1:${port}`;
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const stop = async () => {
    await daemon.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitReady(`${url}/health`, daemon);
    // OpenMetrics (seconds) → Prometheus text with millisecond timestamps, as /api/v1/import/prometheus takes it.
    const file = path.join(root, 'history.om');
    const stats = await writeSimulatedOpenMetrics(history.sim, history.range, file);
    const text = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => {
        const cut = l.lastIndexOf(' ');
        return `${l.slice(0, cut)} ${Math.round(Number(l.slice(cut + 1)) * 1000)}`;
      })
      .join('\n');
    const res = await fetch(`${url}/api/v1/import/prometheus`, {
      method: 'POST',
      body: text,
      headers: { authorization: auth },
    });
    if (res.status !== 204) throw new Error(`import failed: HTTP ${res.status} ${await res.text()}`);
    const flushed = await fetch(`${url}/internal/force_flush`, { headers: { authorization: auth } });
    if (!flushed.ok) await new Promise((r) => setTimeout(r, 2_000));
    return { url, username, password, samples: stats.samples, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
