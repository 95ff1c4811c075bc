import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding Headroom's package.json: data files (manifests, prompts, .proto) are read from
 * here, so the same code finds them when it runs from the sources (tsx) and compiled under dist/.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  cached = dir;
  return dir;
}

/** A file of the package by its path from the package root, e.g. "manifests/fleet.example.yaml". */
export function packageFile(relative: string): string {
  return join(packageRoot(), relative);
}
