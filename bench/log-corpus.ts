/**
 * Realistic log text for the redaction benchmark, generated from a seed: nginx access lines,
 * application logs with host names, unit ids and figures, and a share of lines carrying secrets
 * and addresses of every class redaction handles (tokens, keys, password flags, URL credentials,
 * private IPs plain and in cloud host names, e-mails, PEM blocks, links).
 */

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNITS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-south-1', 'sa-east-1'];
const HOSTS = ['api.eu-west-1.internal', 'edge-03.fra.example.net', 'db-primary.us-east-1.corp', 'cache-7.internal'];
const PATHS = ['/v1/orders', '/v1/users/me', '/healthz', '/v2/search?q=shoes', '/static/app.js', '/api/cart'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function logCorpus(targetBytes: number, seed = 19): { text: string; lines: number; secretLines: number } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (n: number) => Math.floor(r() * n);
  const word = (n: number) => Array.from({ length: n }, () => ALNUM[int(ALNUM.length)]).join('');
  const ip = () => `10.${int(256)}.${int(256)}.${int(256)}`;
  const ts = (i: number) => new Date(Date.UTC(2026, 11, 3, 12) + i * 37).toISOString();
  const secret = (): string => {
    switch (int(12)) {
      case 0:
        return `auth failed for token ghp_${word(36)} from ${ip()}`;
      case 1:
        return `psql postgres://app:${word(12)}@${pick(HOSTS)}:5432/orders timed out`;
      case 2:
        return `exec: mysqldump -u backup -p${word(10)} --host ${pick(HOSTS)}`;
      case 3:
        return `curl -u deploy:${word(14)} https://artifacts.example.com/v1/upload`;
      case 4:
        return `Authorization: Bearer ${word(40)}`;
      case 5:
        return `aws: AKIA${word(16).toUpperCase()} denied on ip-10-${int(256)}-${int(256)}-${int(256)}.ec2.internal`;
      case 6:
        return `notify ${pick(['alice', 'bob', 'oncall'])}@example.com and ${pick(['carol', 'dave'])} at corp dot example`;
      case 7:
        return `config: db_password=${word(12)} pwd: ${word(9)} region=${pick(UNITS)}`;
      case 8:
        return `slack: xoxb-${int(1e12)}-${word(24)} posted to https://hooks.slack.com/services/T${word(8)}/B${word(8)}/${word(24)}`;
      case 9:
        return `-----BEGIN RSA PRIVATE KEY-----\n${word(40)}\n${word(40)}\n-----END RSA PRIVATE KEY-----`;
      case 10:
        return `upstream http://167772161/ or 0x0a.0x00.0x00.0x01 refused; see [runbook](https://evil.example/r)`;
      default:
        return `api key sk-ant-${word(40)} used by ${pick(UNITS)}`;
    }
  };
  const ordinary = (i: number): string => {
    switch (int(4)) {
      case 0:
        return `${ip()} - - [${ts(i)}] "GET ${pick(PATHS)} HTTP/1.1" ${pick([200, 200, 200, 304, 404, 502])} ${int(50_000)} ${(r() * 2).toFixed(3)}`;
      case 1:
        return `${ts(i)} INFO ${pick(UNITS)} ${pick(HOSTS)} request served in ${(r() * 400).toFixed(1)} ms, headroom ${(r() * 100).toFixed(1)} %`;
      case 2:
        return `${ts(i)} WARN ${pick(HOSTS)} connection pool at ${int(100)}/100 for ${pick(UNITS)}; retrying in ${int(30)} s (attempt ${int(5)})`;
      default:
        return `${ts(i)} ERROR ${pick(UNITS)} upstream ${pick(HOSTS)}:${pick([80, 443, 8080, 9090])} returned 503 after ${int(3000)} ms`;
    }
  };
  const out: string[] = [];
  let bytes = 0;
  let secretLines = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const withSecret = r() < 0.05;
    if (withSecret) secretLines++;
    const line = withSecret ? `${ts(i)} ERROR ${secret()}` : ordinary(i);
    out.push(line);
    bytes += line.length + 1;
  }
  return { text: out.join('\n'), lines: out.length, secretLines };
}
