// npm run bench:anomaly [-- --data DIR] — NAB scores of the anomaly detectors, one JSON line per figure.
// DIR holds nab/ (default: ../shared/data beside the repo). --per-file adds each file's standard score.
import { buildConnectionBaseline, detectConnectionDropWith } from '../analytics/anomaly/connection-drop.js';
import { createNoveltyDetector } from '../analytics/anomaly/detectors/novelty-detector.js';
import { createPatternNoveltyDetector } from '../analytics/anomaly/detectors/pattern-novelty-detector.js';
import { createSeasonalDetector } from '../analytics/anomaly/detectors/seasonal-detector.js';
import type { StreamingDetector } from '../analytics/anomaly/detectors/types.js';
import { createWindowedGaussian } from '../analytics/anomaly/detectors/windowed-gaussian.js';
import { scoreCorpus } from '../analytics/anomaly/nab-corpus.js';
import {
  NAB_PROFILES,
  type NabFile,
  type NabProfileName,
  probationaryLength,
  scoreFile,
} from '../analytics/anomaly/nab-score.js';
import { syntheticConnections } from '../analytics/anomaly/synthetic-series.js';
import { loadNabCorpus, type NabDataFile } from '../tools/nab/corpus.js';
import { emit, percentile, round } from './stats.js';

function dataDir(argv: string[]): string {
  const i = argv.indexOf('--data');
  if (i >= 0) {
    const dir = argv[i + 1];
    if (!dir) throw new Error('--data needs a directory');
    return dir;
  }
  return new URL('../../shared/data', import.meta.url).pathname;
}

// NAB hands every detector its file's probationary length (15 % of the rows, at most 750); the
// novelty gate is half of it. Nothing else about the file (labels, length) reaches a detector.
const DETECTORS: Record<string, (probationRows: number) => StreamingDetector> = {
  'headroom-pattern': (probationRows) =>
    createPatternNoveltyDetector({ gateRows: Math.max(1, Math.floor(probationRows / 2)) }),
  'headroom-novelty': (probationRows) =>
    createNoveltyDetector({ gateRows: Math.max(1, Math.floor(probationRows / 2)) }),
  'headroom-seasonal': () => createSeasonalDetector(),
  'windowed-gaussian': () => createWindowedGaussian(),
};

function run(
  make: (probationRows: number) => StreamingDetector,
  corpus: NabDataFile[],
): { files: NabFile[]; msPerPoint: number; points: number } {
  let points = 0;
  const t0 = performance.now();
  const files = corpus.map((f) => {
    const detector = make(probationaryLength(f.values.length));
    const scores = new Float64Array(f.values.length);
    for (let i = 0; i < scores.length; i++) scores[i] = detector.next(f.timesMs[i] as number, f.values[i] as number);
    points += scores.length;
    return { name: f.name, scores, windows: f.windows };
  });
  return { files, msPerPoint: (performance.now() - t0) / points, points };
}

const perFile = process.argv.includes('--per-file');
const corpus = loadNabCorpus(`${dataDir(process.argv.slice(2))}/nab`);
const windows = corpus.reduce((n, f) => n + f.windows.length, 0);
emit({
  bench: 'nab.corpus',
  value: corpus.length,
  unit: 'files',
  windows,
  rows: corpus.reduce((n, f) => n + f.values.length, 0),
});
for (const [detector, make] of Object.entries(DETECTORS)) {
  const { files, msPerPoint, points } = run(make, corpus);
  for (const profile of Object.keys(NAB_PROFILES) as NabProfileName[]) {
    const r = scoreCorpus(files, NAB_PROFILES[profile]);
    emit({
      bench: `nab.${profile}`,
      value: round(r.normalised, 1),
      unit: 'score',
      detector,
      raw: round(r.raw, 3),
      threshold: round(r.threshold, 4),
      windowsDetected: r.truePositives,
      windowsMissed: r.falseNegatives,
      falsePositives: r.falsePositives,
    });
    if (perFile && profile === 'standard') {
      for (const f of files) {
        const s = scoreFile(f, NAB_PROFILES.standard, r.threshold);
        emit({
          bench: 'nab.standard.file',
          value: round(s.score, 3),
          unit: 'raw',
          detector,
          file: f.name,
          windows: f.windows.length,
          windowsDetected: s.truePositives,
          windowsMissed: s.falseNegatives,
          falsePositives: s.falsePositives,
        });
      }
    }
  }
  emit({ bench: 'nab.timePerPoint', value: round(msPerPoint * 1000, 2), unit: 'µs', detector, points });
}

// The core polls every few seconds: the baseline is built once per history, each check must be cheap.
function connectionDropCost() {
  const startMs = Date.parse('2026-02-02T00:00:00Z');
  const shape = { startMs, days: 28, stepMs: 300_000, peak: 103_000, troughShare: 0.3, noise: 0.03, backupFactor: 0.4 };
  const history = syntheticConnections(shape);
  const t0 = performance.now();
  const baseline = buildConnectionBaseline(history);
  emit({
    bench: 'connectionDrop.buildBaseline.28d.5min',
    value: round(performance.now() - t0, 2),
    unit: 'ms',
    stat: 'once',
  });
  const samples: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const atMs = startMs + 28 * 86_400_000 + i * 15_000;
    const c0 = performance.now();
    detectConnectionDropWith(baseline, { atMs, observed: 41_200 + i, sensitivity: 'medium', minDropRatio: 0.35 });
    samples.push(performance.now() - c0);
  }
  emit({ bench: 'connectionDrop.check', value: round(percentile(samples, 0.5) * 1000, 2), unit: 'µs', stat: 'median' });
  emit({ bench: 'connectionDrop.check', value: round(percentile(samples, 0.99) * 1000, 2), unit: 'µs', stat: 'p99' });
}
connectionDropCost();
