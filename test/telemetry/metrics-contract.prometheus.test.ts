// The metrics-source contract against a real Prometheus holding 90 days of the simulated fleet's
// history, backfilled with promtool (Debian's prometheus package; CI installs it).
import { prometheusSchema } from '../../tools/config/fleet-schema.js';
import { buildPrometheusMetricsSource } from '../../tools/prometheus/build.js';
import { BACKFILL_RANGE, contractSim, fleet } from './helpers/contract-fixture.js';
import { metricsSourceContract } from './helpers/metrics-contract.js';
import { startPrometheus } from './helpers/prometheus-server.js';

metricsSourceContract('Prometheus (backfilled with promtool)', async () => {
  const server = await startPrometheus({ backfill: { sim: contractSim(), range: BACKFILL_RANGE } });
  const source = buildPrometheusMetricsSource(
    prometheusSchema.parse({ url: server.url, timeoutMs: 30_000 }),
    fleet,
    {},
  );
  return { source, teardown: () => server.stop() };
});
