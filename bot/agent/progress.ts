/** What the Slack progress message says while a tool runs: "checking headroom of us-east-1…". */

const VERBS: Record<string, string> = {
  get: 'checking',
  list: 'listing',
  recommend: 'working out',
  simulate: 'simulating',
  forecast: 'forecasting',
  estimate: 'estimating',
  query: 'querying',
};

const UNIT_KEYS = ['workUnit', 'unit', 'from', 'workUnits', 'units', 'target', 'targets'];

export function toolStatus(name: string, input: unknown): string {
  const [verb = name, ...rest] = name.split('_');
  const noun = rest.join(' ') || 'data';
  const subject = subjectOf(input);
  return `${VERBS[verb] ?? `${verb}ing`} ${noun}${subject ? ` of ${subject}` : ''}…`;
}

function subjectOf(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const record = input as Record<string, unknown>;
  for (const key of UNIT_KEYS) {
    const v = record[key];
    if (typeof v === 'string' && v) return v;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length) return v.slice(0, 3).join(', ');
  }
  return undefined;
}
