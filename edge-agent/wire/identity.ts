import type { PeerCertificate } from 'node:tls';

/**
 * The identities a certificate carries in its subjectAltName (DNS names and URIs, e.g. SPIFFE IDs).
 * The common name is deliberately ignored: identity comes from the SAN only.
 */
export function sanIdentities(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  const out: string[] = [];
  for (const raw of subjectAltName.split(/,\s*/)) {
    const entry = raw.trim().replace(/^"|"$/g, '');
    const match = /^(DNS|URI):(.+)$/.exec(entry);
    if (match?.[2]) out.push(match[2]);
  }
  return out;
}

/** The first SAN identity of the peer that is on the allow-list, or undefined. Exact match, no wildcards. */
export function allowedIdentity(
  peer: Pick<PeerCertificate, 'subjectaltname'> | undefined,
  allow: ReadonlySet<string>,
): string | undefined {
  return sanIdentities(peer?.subjectaltname).find((id) => allow.has(id));
}
