// npm run bench:incidents — runbook search over 1,000 sections (goal p99 ≤ 20 ms), one JSON line
// per figure: the index build, then RunbookIndex.query and .suggest with the queries the analysis
// makes (cause words, firing signals, the unit). The sections are the shipped runbooks' sections
// repeated over 1,000 synthetic runbooks whose words vary, so ranking has real work to do.
import { packageFile } from '../tools/config/package-root.js';
import { loadRunbooks, RunbookIndex, type RunbookSection } from '../tools/runbooks/index.js';
import { emit, percentile, timeRuns } from './stats.js';

const SECTIONS = 1_000;
const WORDS = [
  'gateway',
  'pool',
  'queue',
  'kafka',
  'redis',
  'dns',
  'tls',
  'quota',
  'shard',
  'replica',
  'cache',
  'disk',
];

function syntheticSections(seed: readonly RunbookSection[]): RunbookSection[] {
  const out: RunbookSection[] = [];
  for (let i = 0; out.length < SECTIONS; i++) {
    const s = seed[i % seed.length]!;
    const extra = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} unit-${i % 97}`;
    out.push({
      ...s,
      id: `bench-${i}.md#${s.id.split('#')[1]}`,
      file: `bench-${Math.floor(i / seed.length)}.md`,
      runbookTitle: `${s.runbookTitle} ${extra}`,
      text: `${s.text} ${extra}`,
      steps: s.steps.map((x) => `${x} (${extra})`),
    });
  }
  return out;
}

const QUERIES = [
  'network-loss connection loss load balancer connections edge-agent eu-west-1',
  'capacity-exhaustion cpu saturation scale out metrics ap-south-1',
  'traffic-surge client region rate limit eu-central-1',
  'dependency-failure api upstream timeout traces us-east-1',
  'bad-deploy deploy rollback new errors release sa-east-1',
  'telemetry-failure metrics scrape edge agent silent us-west-2',
];

const seed = loadRunbooks(packageFile('manifests/runbooks')).sections;
const sections = syntheticSections(seed);
const builds = await timeRuns(() => new RunbookIndex(sections), 5, 1);
emit({
  bench: 'runbooks.index-build',
  value: Math.round(percentile(builds, 0.5) * 10) / 10,
  unit: 'ms',
  stat: 'p50',
  sections: sections.length,
});
const index = new RunbookIndex(sections);
let q = 0;
for (const [name, run] of [
  ['runbooks.query', () => index.query(QUERIES[q++ % QUERIES.length]!, 10)],
  ['runbooks.suggest', () => index.suggest(QUERIES[q++ % QUERIES.length]!, 2)],
] as const) {
  const samples = await timeRuns(run, 600, 30);
  for (const [stat, p] of [
    ['p50', 0.5],
    ['p99', 0.99],
  ] as const)
    emit({
      bench: name,
      value: Math.round(percentile(samples, p) * 100) / 100,
      unit: 'ms',
      stat,
      sections: sections.length,
      goalP99Ms: 20,
    });
}
