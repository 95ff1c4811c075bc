import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ErrorCode, HeadroomError } from '../../analytics/errors.js';

export interface ConfigProblem {
  file: string;
  path: string;
  line?: number;
  expected: string;
}

/** Reads a YAML file and validates it; every problem names the file, the path in it, the line and what was expected. */
export function loadYamlFile<S extends z.ZodType>(file: string, schema: S, code: ErrorCode): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HeadroomError(code, `${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`, {
      file,
    });
  }
  return parseYamlText(text, file, schema, code);
}

export function parseYamlText<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  code: ErrorCode,
): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({
      file,
      path: '(document)',
      line: e.linePos?.[0]?.line,
      expected: `valid YAML: ${e.message.split('\n')[0]}`,
    }));
    throw configError(code, problems);
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const keyPath = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
    const node = doc.getIn(keyPath, true) ?? nearestNode(doc, path);
    const offset = isNode(node) && node.range ? node.range[0] : undefined;
    return {
      file,
      path: formatPath(keyPath),
      line: offset === undefined ? undefined : lineCounter.linePos(offset).line,
      expected: describeIssue(issue),
    };
  });
  throw configError(code, problems);
}

function nearestNode(doc: ReturnType<typeof parseDocument>, path: string[]): unknown {
  for (let n = path.length - 1; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (node) return node;
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `no unknown key "${issue.keys.join('", "')}"`;
  if (issue.code === 'invalid_type')
    return `${issue.expected}${issue.message.includes('received') ? ` (${issue.message.replace(/^Invalid input: /, '')})` : ''}`;
  return issue.message.replace(/^Invalid input: /, '');
}

function formatPath(path: string[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function configError(code: ErrorCode, problems: ConfigProblem[]): HeadroomError {
  const lines = problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.path}: expected ${p.expected}`);
  return new HeadroomError(code, lines.join('\n'), { problems });
}
