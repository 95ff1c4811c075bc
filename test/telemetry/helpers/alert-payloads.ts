// Alertmanager webhook bodies (version 4) for the intake tests.
export interface TestAlert {
  status?: 'firing' | 'resolved';
  labels: Record<string, string>;
  fingerprint: string;
  startsAt?: string;
  summary?: string;
}

export function webhookBody(alerts: TestAlert[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const status = alerts.some((a) => (a.status ?? 'firing') === 'firing') ? 'firing' : 'resolved';
  return {
    version: '4',
    groupKey: '{}:{alertname="WorkUnitDegraded"}',
    truncatedAlerts: 0,
    status,
    receiver: 'headroom',
    groupLabels: { alertname: 'WorkUnitDegraded' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: { alertname: 'WorkUnitDegraded', ...a.labels },
      annotations: a.summary ? { summary: a.summary } : {},
      startsAt: a.startsAt ?? '2026-03-03T21:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://127.0.0.1:9090/graph',
      fingerprint: a.fingerprint,
    })),
    ...overrides,
  };
}

export async function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}
