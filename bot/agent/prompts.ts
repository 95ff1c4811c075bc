import { readFileSync } from 'node:fs';
import { packageFile } from '../../tools/config/package-root.js';

const cache = new Map<string, string>();

/**
 * The one way to read a prompt: bot/agent/prompts/<name>.md with {{placeholders}} filled in.
 * A placeholder left unfilled, or a variable the file does not use, is a bug and throws.
 */
export function loadPrompt(name: string, vars: Record<string, string> = {}): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`bad prompt name "${name}"`);
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(packageFile(`bot/agent/prompts/${name}.md`), 'utf8').trimEnd();
    cache.set(name, text);
  }
  for (const key of Object.keys(vars)) {
    if (!text.includes(`{{${key}}}`)) throw new Error(`prompt "${name}" has no {{${key}}}`);
  }
  const filled = text.replace(/\{\{([a-zA-Z]+)\}\}/g, (_whole, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`prompt "${name}" needs {{${key}}}`);
    return value;
  });
  return filled;
}
