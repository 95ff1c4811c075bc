import { isAbsolute, resolve } from 'node:path';
import type { Thresholds } from '../../analytics/types.js';
import type { EdgeConfig } from '../config/fleet-schema.js';
import { EdgeAgentClient } from './client.js';
import { EdgeSignalSource } from './signal-source.js';

/**
 * Builds the client (and the signal source) from the fleet file's `edge` section. Relative certificate
 * paths are taken from the fleet file's directory, like every other path in reviewed configuration.
 */
export function edgeClientFromConfig(
  edge: EdgeConfig,
  thresholds: Pick<Thresholds, 'signalFreshnessSeconds'>,
  baseDir: string,
  onTlsProblem?: (message: string) => void,
): { client: EdgeAgentClient; source: EdgeSignalSource } {
  const path = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const client = new EdgeAgentClient({
    agents: edge.agents,
    tls: { cert: path(edge.tls.cert), key: path(edge.tls.key), ca: path(edge.tls.ca) },
    deadlineMs: edge.deadlineMs,
    breaker: edge.breaker,
    ...(onTlsProblem ? { onTlsProblem } : {}),
  });
  const source = new EdgeSignalSource(client, {
    reportFreshnessMs: edge.freshnessSeconds * 1000,
    metricsFreshnessMs: thresholds.signalFreshnessSeconds * 1000,
  });
  return { client, source };
}
