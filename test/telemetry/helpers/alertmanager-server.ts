// A real Alertmanager (Debian's prometheus-alertmanager) on 127.0.0.1, routing every alert to the
// bot's webhook intake with a bearer token; clustering off so nothing else listens.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requireBinary } from './binaries.js';
import { freePort, startDaemon, waitReady } from './processes.js';

export interface AlertmanagerServer {
  url: string;
  /** Posts alerts to Alertmanager's own API, as Prometheus would. */
  pushAlerts(
    alerts: Array<{
      labels: Record<string, string>;
      annotations?: Record<string, string>;
      startsAt?: string;
      endsAt?: string;
    }>,
  ): Promise<void>;
  stop(): Promise<void>;
}

export async function startAlertmanager(webhookUrl: string, bearerToken: string): Promise<AlertmanagerServer> {
  const binary = requireBinary('alertmanager');
  const root = mkdtempSync(path.join(tmpdir(), 'headroom-am-'));
  const configFile = path.join(root, 'alertmanager.yml');
  // group_wait is low so a new alert is posted almost at once; group_interval bounds resolution latency.
  writeFileSync(
    configFile,
    `route:
  receiver: headroom
  group_by: ['alertname', 'work_unit']
  group_wait: 50ms
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: headroom
    webhook_configs:
      - url: '${webhookUrl}'
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: '${bearerToken}'
`,
  );
  const port = await freePort();
  const daemon = startDaemon(binary, [
    `--config.file=${configFile}`,
    `--storage.path=${path.join(root, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${url}/-/ready`, daemon);
  } catch (err) {
    await daemon.stop();
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    async pushAlerts(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) throw new Error(`Alertmanager refused alerts: ${res.status} ${await res.text()}`);
    },
    async stop() {
      await daemon.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
