// The direction of imports: tools/ never imports bot/, and the registry never reads the
// environment (the bot passes everything in through ToolDeps).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function importsOf(text: string): string[] {
  const found = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return found;
}

describe('layering', () => {
  const toolFiles = sourceFiles('tools');

  it('finds the tool sources it checks', () => {
    expect(toolFiles).toContain(join('tools', 'registry', 'index.ts'));
    expect(toolFiles.length).toBeGreaterThan(40);
  });

  it('tools/ never imports from bot/', () => {
    const offenders = toolFiles.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => /(^|\/)bot(\/|$)/.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the tool registry never reads process.env', () => {
    const offenders = sourceFiles(join('tools', 'registry')).filter((file) =>
      /process\.env|process\[['"]env/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('the import scan sees the kinds of import it must catch', () => {
    const sample = `import a from '../../bot/x.js';\nexport * from "../bot/y.js";\nconst z = await import('../bot/z.js');\nimport '../bot/side.js';`;
    expect(importsOf(sample)).toEqual(['../../bot/x.js', '../bot/y.js', '../bot/z.js', '../bot/side.js']);
  });
});
