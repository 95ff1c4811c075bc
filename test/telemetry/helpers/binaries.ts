// The Prometheus tools the telemetry tests run. CI installs them (scripts/install-system-deps.sh);
// a missing binary fails the test with a message saying so instead of skipping silently.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const CANDIDATES: Record<string, string[]> = {
  prometheus: ['/usr/bin/prometheus'],
  promtool: ['/usr/bin/promtool'],
  alertmanager: ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager'],
  'victoria-metrics': ['/usr/bin/victoria-metrics'],
};

export type Tool = 'prometheus' | 'promtool' | 'alertmanager' | 'victoria-metrics';

export function requireBinary(tool: Tool, candidates = CANDIDATES[tool]!, pathEnv = process.env.PATH ?? ''): string {
  const onPath = pathEnv ? pathEnv.split(path.delimiter).map((dir) => path.join(dir, tool)) : [];
  for (const file of [...candidates, ...onPath]) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // try the next place
    }
  }
  throw new Error(
    `${tool} not found (looked in ${candidates.join(', ')} and PATH). ` +
      'Install it with `bash scripts/install-system-deps.sh` (Debian packages prometheus, prometheus-alertmanager, victoria-metrics).',
  );
}
