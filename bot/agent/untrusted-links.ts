/**
 * Links and images in untrusted text, defanged before the text reaches Claude or Slack: nothing in
 * the data renders as a clickable link to a host it names, and no image is fetched (a rendered
 * image URL is an exfiltration channel). Markdown, HTML and Slack links and bare URLs
 * (https://…, ftp://…, www.…) all count. Hosts on the internal allow-list (fleet file
 * `links.internalHosts`; none by default) stay readable and clickable; images are dropped whatever
 * their host.
 *
 * Only text with a scheme or "www." is touched: host names, unit ids and figures in ordinary
 * text (api.eu-west-1.internal, eu-west-1a, 3.5 %) stay exactly as they were.
 *
 * Run it after redaction: redaction looks for secrets and addresses in plain URLs
 * (hooks.slack.com/services/…, http://10.1.2.3/), which the defanged form would hide from it.
 */

/** Host names (exact) or domains ("*.corp.example" or ".corp.example": any name under it). */
export type InternalHosts = readonly string[];

let processInternalHosts: InternalHosts = [];

/** The allow-list used when a caller gives none: set once at start from the fleet file. */
export function setInternalLinkHosts(hosts: InternalHosts): void {
  processInternalHosts = hosts.map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0);
}

export function internalLinkHosts(): InternalHosts {
  return processInternalHosts;
}

/** The host of a URL or www. address, lower-case, without credentials or port. */
function hostOf(url: string): string {
  const authority = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/, 1)[0] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '')).toLowerCase();
}

export function isInternalHost(host: string, allowed: InternalHosts = processInternalHosts): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowed.some((a) => {
    const domain = a.startsWith('*.') ? a.slice(1) : a.startsWith('.') ? a : undefined;
    return domain ? h.endsWith(domain) && h.length > domain.length : h === a;
  });
}

/**
 * https://evil.example/x → hxxps://evil[.]example/x, www.evil.example → www[.]evil[.]example:
 * readable, not clickable, not fetched. An internal host's URL is returned as it is.
 */
export function defangUrl(url: string, allowed: InternalHosts = processInternalHosts): string {
  if (isInternalHost(hostOf(url), allowed)) return url;
  if (/^www\./i.test(url)) return url.replace(/^[^/?#]+/, (host) => host.replace(/\./g, '[.]'));
  return url
    .replace(/^(h)tt(ps?)(:\/\/)/i, '$1xx$2$3')
    .replace(
      /^(hxxps?:\/\/|[a-z][a-z0-9+.-]*:\/\/)([^/?#]+)/i,
      (_m, scheme: string, host: string) => scheme.replace(/^ftp/i, 'fxp') + host.replace(/\./g, '[.]'),
    );
}

const SCHEME = '(?:https?|ftps?|wss?)';
/** A bare URL: a scheme or "www." and what follows up to a space, quote or bracket. */
const BARE_URL = new RegExp(String.raw`(?<![\w@/.\[-])(?:${SCHEME}:\/\/|www\.(?=[a-z0-9-]+\.))[^\s<>"'\x60\\|]+`, 'gi');

/** Sentence punctuation after a URL is not part of it; nor is a closing bracket it did not open. */
function splitTrailing(url: string): [string, string] {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const count = (c: string) => url.split(c).length - 1;
  const balance: Record<string, number> = {};
  for (const [close, open] of Object.entries(pairs)) balance[close] = count(open) - count(close);
  let end = url.length;
  for (;;) {
    const c = url[end - 1];
    if (c && '.,;:!?*_~'.includes(c)) end--;
    else if (c && c in pairs && balance[c]! < 0) {
      balance[c]!++;
      end--;
    } else break;
  }
  return [url.slice(0, end), url.slice(end)];
}

/** Bare URLs in text defanged (the host's dots bracketed, the scheme broken); internal hosts kept. */
export function defangBareUrls(text: string, allowed: InternalHosts = processInternalHosts): string {
  return text.replace(BARE_URL, (m) => {
    const [url, rest] = splitTrailing(m);
    return defangUrl(url, allowed) + rest;
  });
}

const MAY_HOLD_LINK = /:\/\/|www\.|<img|!\[/i;

/**
 * Markdown, Slack and HTML links and images in untrusted text, and bare URLs, defanged: images are
 * dropped, links keep their text and show the defanged address. A link to an internal host stays.
 */
export function defangLinks(text: string, allowed: InternalHosts = processInternalHosts): string {
  // Most log lines have nothing to defang: every rule below needs one of these.
  if (!MAY_HOLD_LINK.test(text)) return text;
  const link = (label: string, url: string, original: string) =>
    isInternalHost(hostOf(url), allowed) ? original : `${label} (link: ${defangUrl(url, allowed)})`;
  const urlOnly = (url: string, original: string) =>
    isInternalHost(hostOf(url), allowed) ? original : defangUrl(url, allowed);
  const links = text
    // ![alt](url) and <img …>
    .replace(
      /!\[([^[\]\n]{0,200})\]\([ \t]{0,20}[^()\s]{1,2048}(?:[ \t]{1,20}[^()\n]{0,200})?\)/g,
      (_m, alt: string) => `[image removed${alt ? `: ${alt}` : ''}]`,
    )
    .replace(/<img\b[^<>]{0,2000}>/gi, '[image removed]')
    // [text](url "title")
    .replace(
      new RegExp(
        String.raw`\[([^\[\]\n]{0,200})\]\([ \t]{0,20}(${SCHEME}:\/\/[^()\s]{1,2048})(?:[ \t]{1,20}[^()\n]{0,200})?\)`,
        'gi',
      ),
      (m, label: string, url: string) => link(label, url, m),
    )
    // [text][ref] … [ref]: url
    .replace(
      new RegExp(String.raw`^[ \t]{0,20}\[[^\]\n]{1,200}\]:[ \t]{0,20}(${SCHEME}:\/\/\S{1,2048}).*$`, 'gim'),
      (m, url: string) => (isInternalHost(hostOf(url), allowed) ? m : `(link: ${defangUrl(url, allowed)})`),
    )
    // <a href="url">text</a>
    .replace(
      new RegExp(
        String.raw`<a\b[^<>]{0,500}?\bhref[ \t]{0,5}=[ \t]{0,5}["']?(${SCHEME}:\/\/[^"'\s<>]{1,2048})["']?[^<>]{0,500}>([^<]{0,200})<\/a[ \t]{0,5}>`,
        'gi',
      ),
      (m, url: string, label: string) => link(label, url, m),
    )
    // Slack: <url|text> and <url>
    .replace(
      new RegExp(String.raw`<(${SCHEME}:\/\/[^|<>\s]{1,2048})\|([^>\n]{0,200})>`, 'gi'),
      (m, url: string, label: string) => link(label, url, m),
    )
    .replace(new RegExp(String.raw`<(${SCHEME}:\/\/[^|<>\s]{1,2048})>`, 'gi'), (m, url: string) => urlOnly(url, m));
  return defangBareUrls(links, allowed);
}
