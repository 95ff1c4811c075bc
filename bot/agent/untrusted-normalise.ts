/**
 * What untrusted text is turned into before any matching, and before it reaches Claude or Slack:
 * one canonical form (NFKC, no zero-width or bidi controls, one kind of hyphen), so a closing tag
 * or an order written with look-alike characters is seen as what it reads as; a de-obfuscated
 * copy for matching only (dotted letters, leetspeak). Links and images are defanged by
 * untrusted-links.ts (re-exported here), after redaction has seen the plain addresses.
 */
export { defangLinks, defangUrl } from './untrusted-links.js';

/** Zero-width characters, soft hyphen, word joiners, BOM, and the bidi embedding/isolate controls. */
const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists invisible code points one by one, on purpose
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;
/** Hyphens and minus signs that look like "-" (NFKC keeps most of them apart). */
const HYPHENS = /[\u2010-\u2015\u2043\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D\u02D7\u058A\u05BE\u1400\u1806\u30FC]/g;
/** Space-like characters NFKC does not fold (the rest it turns into U+0020). */
const SPACES = /[\u180E\u2028\u2029\u205F\u3000\u00A0]/g;

/**
 * Without invisible and bidi controls, nothing else changed: for display (Slack), where NFKC would
 * rewrite "…", "m²" or "½" that a reader should see as written.
 */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** What untrusted text becomes before it goes anywhere: NFKC, without invisible and bidi controls. */
export function normaliseUntrusted(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

/** For matching only: also one hyphen and one space (a figure's "−63 %" keeps its minus sign in the text sent). */
export function matchingForm(text: string): string {
  return normaliseUntrusted(text).replace(HYPHENS, '-').replace(SPACES, ' ');
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'i',
};

/**
 * For matching only: "i.g.n.o.r.e", "i g n o r e", "1gn0r3 pr3v10u5 1n5truct10n5" read as words.
 * Single letters separated by one dot, dash, underscore, star or space are joined; digits and
 * symbols inside a word that has letters become the letters they imitate.
 */
export function deobfuscate(text: string): string {
  const joinRuns = (t: string, sep: string) =>
    t.replace(new RegExp(`(?<![\\p{L}\\p{N}])(?:\\p{L}[${sep}]){2,}\\p{L}(?![\\p{L}\\p{N}])`, 'gu'), (m) =>
      m.replace(new RegExp(`[${sep}]`, 'g'), ''),
    );
  const joined = joinRuns(joinRuns(text, '.\\-_*'), ' ');
  return joined.replace(/[\p{L}0-9@$!|]+/gu, (word) =>
    /\p{L}/u.test(word) && /[0-9@$!|]/.test(word) ? word.replace(/[013457@$!|]/g, (c) => LEET[c] ?? c) : word,
  );
}

/** "Ignore previous instructions" and its kin in other languages (after normalising). */
export const FOREIGN_INSTRUCTION_MARKERS: readonly RegExp[] = [
  // es / pt / it: ignora(r) / olvida / desconsidere … instrucciones / instruções / istruzioni
  /\b(?:ignor[ae]r?|ignorez|ignorate|olvida|esquece|esqueça|desconsidere|dimentica)\b[^\n]{0,40}\b(?:instrucciones|instruções|instrucoes|istruzioni|indicaciones|reglas|regras|regole)\b/iu,
  // fr
  /\b(?:ignore[zr]?|oublie[zr]?)\b[^\n]{0,40}\b(?:instructions|consignes|règles)\b[^\n]{0,20}\b(?:précédentes|precedentes|antérieures|ci-dessus)\b/iu,
  // de
  /\b(?:ignorier(?:e|en)?|vergiss|vergessen\s+sie|missachte)\b[^\n]{0,40}\b(?:anweisungen|anordnungen|regeln|vorgaben|instruktionen)\b/iu,
  // nl
  /\b(?:negeer|vergeet)\b[^\n]{0,40}\b(?:instructies|regels)\b/iu,
  // ru / uk
  /(?:игнорируй|игнорируйте|забудь|забудьте|проигнорируй|ігноруй)[^\n]{0,40}(?:инструкци|указани|правил|інструкці)/iu,
  // zh / ja / ko
  /(?:忽略|无视|忽视|忘记|無視|忘れ)[^\n]{0,20}(?:指令|指示|说明|規則|规则|命令|提示)/u,
  /(?:指示|命令|ルール)[^\n]{0,10}(?:を)?(?:無視|忘れ)/u,
  /(?:이전|위의)[^\n]{0,10}(?:지시|명령|지침)[^\n]{0,10}(?:무시|잊)/u,
  // "you are now" / "system prompt" kin
  /\b(?:ahora eres|tu es maintenant|du bist jetzt|agora você é|ora sei)\b/iu,
  /(?:системн\w*\s+промпт|系统提示|システムプロンプト)/iu,
];
