/**
 * What the Slack progress message says while a tool runs: "checking headroom of us-east-1…".
 * The tool name and its arguments come from the model, so a status holds only a tool-shaped name
 * and work-unit ids (the known ones when given, else anything shaped like an id) — never free text
 * such as `<!channel>` — and is at most STATUS_MAX characters.
 */

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

/** Registry tool names are verb_noun in lower case. */
const TOOL_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** The fleet file's id shape: lower-case letters, digits and dashes. */
const UNIT_ID = /^[a-z0-9][a-z0-9-]*$/;
const MAX_TOOL_NAME = 48;
const MAX_UNIT_ID = 40;
const MAX_SUBJECTS = 3;
export const STATUS_MAX = 120;

export function toolStatus(name: string, input: unknown, knownUnits?: ReadonlySet<string>): string {
  if (!TOOL_NAME.test(name) || name.length > MAX_TOOL_NAME) return 'running a tool…';
  const [verb = name, ...rest] = name.split('_');
  const noun = rest.join(' ') || 'data';
  const subject = subjectOf(input, knownUnits);
  const status = `${VERBS[verb] ?? `${verb}ing`} ${noun}${subject ? ` of ${subject}` : ''}`;
  return status.length < STATUS_MAX ? `${status}…` : `${status.slice(0, STATUS_MAX - 1)}…`;
}

function subjectOf(input: unknown, knownUnits: ReadonlySet<string> | undefined): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const record = input as Record<string, unknown>;
  const isUnit = (v: unknown): v is string =>
    typeof v === 'string' && (knownUnits ? knownUnits.has(v) : v.length <= MAX_UNIT_ID && UNIT_ID.test(v));
  for (const key of UNIT_KEYS) {
    const v = record[key];
    if (isUnit(v)) return v;
    if (Array.isArray(v) && v.length && v.every(isUnit)) return v.slice(0, MAX_SUBJECTS).join(', ');
  }
  return undefined;
}
