import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { HeadroomError } from '../../analytics/errors.js';
import { parseRunbook, RunbookFormatError, type RunbookSection, URGENCIES, type Urgency } from './parse.js';

export type { RunbookSection, Urgency } from './parse.js';

export interface RunbookHit {
  section: RunbookSection;
  score: number;
}

export interface RunbookSuggestion {
  runbookTitle: string;
  file: string;
  score: number;
  steps: { urgency: Urgency; step: string; sectionId: string }[];
  rollback: { note: string; sectionId: string }[];
}

/**
 * A local full-text index of runbook sections. MiniSearch ranks with BM25+ (term frequency
 * saturation, length normalisation, a floor for long documents), needs no server, no native code
 * and no dependencies, and indexes a thousand sections in milliseconds.
 */
export class RunbookIndex {
  private readonly search: MiniSearch<RunbookSection & { applies: string }>;
  private readonly byId = new Map<string, RunbookSection>();

  constructor(readonly sections: readonly RunbookSection[]) {
    this.search = new MiniSearch({
      fields: ['runbookTitle', 'heading', 'applies', 'text'],
      storeFields: ['id'],
      searchOptions: {
        boost: { applies: 3, runbookTitle: 2, heading: 1.5 },
        prefix: true,
        fuzzy: 0.1,
        combineWith: 'OR',
      },
    });
    this.search.addAll(sections.map((s) => ({ ...s, applies: s.appliesTo.join(' ') })));
    for (const s of sections) this.byId.set(s.id, s);
  }

  query(text: string, limit = 10): RunbookHit[] {
    return this.search
      .search(text)
      .slice(0, limit)
      .map((r) => ({ section: this.byId.get(String(r.id))!, score: r.score }));
  }

  get(id: string): RunbookSection | undefined {
    return this.byId.get(id);
  }

  /** The best runbooks for a query (scores summed per file), steps grouped by urgency, with rollback notes. */
  suggest(text: string, maxRunbooks = 2): RunbookSuggestion[] {
    const byFile = new Map<string, number>();
    for (const hit of this.query(text, 50))
      byFile.set(hit.section.file, (byFile.get(hit.section.file) ?? 0) + hit.score);
    return [...byFile.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, maxRunbooks)
      .map(([file, score]) => {
        const sections = this.sections.filter((s) => s.file === file);
        const steps = URGENCIES.flatMap((urgency) =>
          sections
            .filter((s) => s.urgency === urgency && !s.rollback)
            .flatMap((s) => s.steps.map((step) => ({ urgency, step, sectionId: s.id }))),
        );
        const rollback = sections
          .filter((s) => s.rollback)
          .flatMap((s) => (s.steps.length ? s.steps : [s.text]).map((note) => ({ note, sectionId: s.id })));
        return { runbookTitle: sections[0]!.runbookTitle, file, score, steps, rollback };
      });
  }
}

/** Loads every `*.md` in the folder. A missing, empty or malformed folder is a clear error at start. */
export function loadRunbooks(folder: string): RunbookIndex {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new HeadroomError('CONFIG_INVALID', `runbook folder ${folder} does not exist or is not a folder`, { folder });
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort();
  if (files.length === 0)
    throw new HeadroomError('CONFIG_INVALID', `runbook folder ${folder} has no .md runbooks`, { folder });
  const sections: RunbookSection[] = [];
  for (const file of files) {
    try {
      sections.push(...parseRunbook(file, readFileSync(join(folder, file), 'utf8')));
    } catch (err) {
      if (err instanceof RunbookFormatError)
        throw new HeadroomError('CONFIG_INVALID', `runbook ${join(folder, file)} is malformed: ${err.message}`, {
          folder,
          file,
        });
      throw err;
    }
  }
  return new RunbookIndex(sections);
}
