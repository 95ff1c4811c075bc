export const URGENCIES = ['now', 'within 15 min', 'within 1 h'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface RunbookSection {
  /** `<file>#<heading slug>`: stable, cited as evidence. */
  id: string;
  file: string;
  runbookTitle: string;
  heading: string;
  /** From the heading ("Now", "Within 15 min", "Within 1 h"); null for context sections. */
  urgency: Urgency | null;
  rollback: boolean;
  /** The runbook's "Applies to:" line: causes, signals, units. */
  appliesTo: string[];
  steps: string[];
  text: string;
}

export class RunbookFormatError extends Error {}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function urgencyOf(heading: string): Urgency | null {
  const h = heading.toLowerCase();
  if (/^now\b|immediate/.test(h)) return 'now';
  if (/15\s*min/.test(h)) return 'within 15 min';
  if (/1\s*h|hour/.test(h)) return 'within 1 h';
  return null;
}

/**
 * A runbook is Markdown: one `# Title`, an optional `Applies to: a, b, c` line, and `## ` sections;
 * sections named "Now", "Within 15 min", "Within 1 h" carry steps (list items) of that urgency, and
 * a "Rollback" section the notes to undo them. Anything else is context, indexed all the same.
 */
export function parseRunbook(file: string, markdown: string): RunbookSection[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const titleLine = lines.find((l) => /^#\s+\S/.test(l));
  if (!titleLine) throw new RunbookFormatError(`${file}: no "# Title" line`);
  const runbookTitle = titleLine.replace(/^#\s+/, '').trim();
  const applies = lines.find((l) => /^applies to:/i.test(l.trim()));
  const appliesTo = applies
    ? applies
        .replace(/^\s*applies to:/i, '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
    : [];
  const sections: RunbookSection[] = [];
  let current: { heading: string; body: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const steps = current.body
      .filter((l) => /^\s*(?:[-*]|\d+[.)])\s+\S/.test(l))
      .map((l) => l.replace(/^\s*(?:[-*]|\d+[.)])\s+/, '').trim());
    const heading = current.heading;
    sections.push({
      id: `${file}#${slug(heading)}`,
      file,
      runbookTitle,
      heading,
      urgency: urgencyOf(heading),
      rollback: /rollback|roll back|undo/i.test(heading),
      appliesTo,
      steps,
      text: current.body.join('\n').trim(),
    });
  };
  for (const line of lines) {
    const h2 = /^##\s+(.+)$/.exec(line);
    if (h2) {
      flush();
      current = { heading: h2[1]!.trim(), body: [] };
    } else if (current) current.body.push(line);
  }
  flush();
  if (sections.length === 0) throw new RunbookFormatError(`${file}: no "## " sections`);
  if (!sections.some((s) => s.urgency !== null && s.steps.length > 0))
    throw new RunbookFormatError(`${file}: no steps under a "## Now", "## Within 15 min" or "## Within 1 h" section`);
  const seen = new Set<string>();
  for (const s of sections) {
    if (seen.has(s.id)) throw new RunbookFormatError(`${file}: section "${s.heading}" appears twice`);
    seen.add(s.id);
  }
  return sections;
}
