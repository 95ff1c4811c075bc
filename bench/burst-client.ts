// Child process for bench/security.bench.ts: posts one-alert webhooks at a fixed concurrency over
// keep-alive sockets and reports each response time. A separate event loop from the server's.
import http from 'node:http';

interface Job {
  url: string;
  token: string;
  alerts: number;
  concurrency: number;
  units: string[];
  runId: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
const target = new URL(job.url);

function body(i: number): string {
  const sent = Date.now();
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="Burst${i}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'headroom',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'BurstAlert',
          work_unit: job.units[i % job.units.length],
          n: String(i),
          sent: String(sent),
        },
        annotations: {},
        startsAt: new Date(sent).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://127.0.0.1:9090/graph',
        fingerprint: `${job.runId}-${i}`,
      },
    ],
  });
}

function postOne(i: number): Promise<{ ms: number; status: number }> {
  const payload = body(i);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${job.token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    while (next < job.alerts) {
      const r = await postOne(next++);
      latencies.push(r.ms);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
  }),
);
agent.destroy();
process.send?.({ wallMs: performance.now() - t0, latencies, statuses }, undefined, {}, () => process.exit(0));
