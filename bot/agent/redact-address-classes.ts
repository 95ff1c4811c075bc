/**
 * Addresses written so that the plain rules miss them: IPs embedded in cloud host names
 * (ip-10-1-2-3.ec2.internal, 10-1-2-3.nip.io), IPs in decimal, hex or octal (http://167772161/,
 * 0x0a.0x00.0x00.0x01, 012.0.0.1), and e-mail addresses written out ("alice at example dot com").
 * Each becomes the same stable placeholder as its plain form, so the same host stays one host.
 */
import type { RedactionRule } from './redact.js';

const DASHED = '(\\d{1,3})-(\\d{1,3})-(\\d{1,3})-(\\d{1,3})';

/** Dotted form of four parts, or undefined when a part is over 255 (then it is not an address). */
function dotted(parts: readonly (string | number | undefined)[]): string | undefined {
  const n = parts.map((p) => Number(p));
  return n.length === 4 && n.every((x) => Number.isInteger(x) && x >= 0 && x <= 255) ? n.join('.') : undefined;
}

/** One part written as C's inet_aton reads it: 0x… hex, 0… octal, else decimal. */
function partValue(part: string): number {
  if (/^0x/i.test(part)) return Number.parseInt(part.slice(2), 16);
  if (/^0\d/.test(part)) return /^[0-7]+$/.test(part) ? Number.parseInt(part, 8) : Number.NaN;
  return Number(part);
}

function fromInteger(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) return undefined;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export const ADDRESS_CLASS_RULES: readonly RedactionRule[] = [
  {
    // A host-name label that is an address with dashes: ip-10-1-2-3.…, ec2-54-1-2-3.…, 10-1-2-3.nip.io.
    name: 'ip in host name',
    pattern: new RegExp(`(?<![\\w-])(?:(ip|ec2)-)?${DASHED}(?=\\.[A-Za-z])`, 'g'),
    replace: ({ groups: [, a, b, c, d] }, p) => {
      const ip = dotted([a, b, c, d]);
      return ip ? p.stable('ip', ip) : undefined;
    },
  },
  {
    // A dotted address followed by more labels (10.1.2.3.nip.io): the plain rule wants it to end there.
    name: 'ip in host name',
    pattern: /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?=\.(?:nip|sslip|xip|traefik\.me)\b)/gi,
    replace: ({ groups }, p) => {
      const ip = dotted(groups);
      return ip ? p.stable('ip', ip) : undefined;
    },
  },
  {
    // Four parts with hex (0x…) or leading-zero octal parts: 0x0a.0x0.0x0.0x1, 012.0.0.01.
    name: 'ip in hex or octal',
    pattern:
      /(?<![\w.])((?:0x[0-9a-f]{1,2}|0[0-7]{1,3}|\d{1,3}))\.((?:0x[0-9a-f]{1,2}|0[0-7]{1,3}|\d{1,3}))\.((?:0x[0-9a-f]{1,2}|0[0-7]{1,3}|\d{1,3}))\.((?:0x[0-9a-f]{1,2}|0[0-7]{1,3}|\d{1,3}))(?![\w.])/gi,
    replace: ({ match, groups }, p) => {
      if (!/(?:^|\.)0(?:x|\d)/i.test(match)) return undefined; // plain dotted: the ipv4 rule's call
      const ip = dotted(groups.map((g) => partValue(g!)));
      return ip ? p.stable('ip', ip) : undefined;
    },
  },
  {
    // One 32-bit number as the host of a URL or after a network command: http://167772161/, ping 0xa000001.
    name: 'ip as one number',
    pattern:
      /(?<=:\/\/(?:[^\s/@]*@)?|\b(?:ping|curl|wget|ssh|telnet|nc|host|connect(?:ing)? to)\s+)(0x[0-9a-f]{1,8}|\d{8,10})(?=[:/\s]|$)/gi,
    replace: ({ match }, p) => {
      const ip = fromInteger(/^0x/i.test(match) ? Number.parseInt(match.slice(2), 16) : Number(match));
      return ip ? p.stable('ip', ip) : undefined;
    },
  },
  {
    // alice at example dot com, alice [at] example [dot] co [dot] uk, alice(at)example(dot)com.
    name: 'email written out',
    pattern:
      /\b([A-Za-z0-9._%+-]+)\s*(?:\[at\]|\(at\)|\{at\}|<at>|\s(?:at|AT)\s)\s*([A-Za-z0-9-]+(?:\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\s(?:dot|DOT)\s|\.)\s*[A-Za-z0-9-]+)*\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\s(?:dot|DOT)\s|\.)\s*)([A-Za-z]{2,24})\b/g,
    replace: ({ match, groups: [user, domain, tld] }, p) => {
      // Needs a written-out "at" or "dot": plain addresses are the email rule's.
      if (!/\[|\(|\{|<|\s(?:at|dot)\s/i.test(match)) return undefined;
      const host = domain!.replace(/\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\s(?:dot|DOT)\s|\.)\s*/g, '.');
      return p.stable('email', `${user}@${host}${tld}`.toLowerCase());
    },
  },
];
