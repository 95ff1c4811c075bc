/**
 * Error signatures: a log message with its variable parts (ids, numbers, addresses, quoted values)
 * replaced, so that "timeout after 3012 ms to 10.0.0.7" and "timeout after 2990 ms to 10.0.0.9" count
 * as one pattern.
 */
export function errorSignature(message: string): string {
  return message
    .toLowerCase()
    .replace(/"[^"]*"|'[^']*'/g, '*')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<id>')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<ip>')
    .replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{12,}\b/g, '<hex>')
    .replace(/\d+(\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable id for a signature (no crypto needed). */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export interface SignatureCount {
  signature: string;
  count: number;
  firstMs: number;
  services: string[];
  example: string;
}

/** Counts per signature (warn and above), most frequent first. */
export function countSignatures(
  lines: readonly { timeMs: number; level: string; message: string; service: string }[],
): SignatureCount[] {
  const by = new Map<string, SignatureCount>();
  for (const line of lines) {
    if (!['warn', 'error', 'fatal'].includes(line.level)) continue;
    const signature = errorSignature(line.message);
    const entry = by.get(signature);
    if (entry) {
      entry.count++;
      entry.firstMs = Math.min(entry.firstMs, line.timeMs);
      if (!entry.services.includes(line.service)) entry.services.push(line.service);
    } else {
      by.set(signature, { signature, count: 1, firstMs: line.timeMs, services: [line.service], example: line.message });
    }
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.signature.localeCompare(b.signature));
}
