// Child process: forecasts each batch of M4 series it is sent and sends the forecasts back, until
// the parent disconnects.
import { forecastWithSelection } from '../../analytics/forecast/forecaster.js';
import { loadAugurs } from '../../tools/forecast/augurs.js';
import type { M4Batch, M4BatchResult, M4Result } from './m4-run.js';

const augurs = await loadAugurs();
process.on('message', (job: M4Batch) => {
  const cpu0 = process.cpuUsage();
  const results: M4Result[] = job.series.map((s) => {
    const f = forecastWithSelection(augurs, s.train, { horizon: 48, seasons: [24, 168], models: job.models });
    return { id: s.id, model: f.model, yhat: f.yhat, lo: f.lo, hi: f.hi, coverage: f.coverage };
  });
  const cpu = process.cpuUsage(cpu0);
  process.send?.({ results, cpuSeconds: (cpu.user + cpu.system) / 1e6 } satisfies M4BatchResult);
});
process.send?.({ ready: true });
