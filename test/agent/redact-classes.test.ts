// Secret classes that survived redaction in the security review, one test per class, and what
// redaction must keep (host names, unit ids, figures).
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../bot/agent/redact.js';

const r = (text: string) => new Redactor().text(text);

describe('passwords as command-line flags', () => {
  it.each([
    ['long flag', 'pg_dump --password=Hunter2xyz db', 'Hunter2xyz', '--password=[redacted secret]'],
    ['long flag, space', 'tool --db-pass hunter2 --verbose', 'hunter2', '--db-pass [redacted secret] --verbose'],
    ['quoted', `vault login --token 'abc def 123'`, 'abc def', '--token [redacted secret]'],
    ['api key flag', 'cli --api-key=q1w2e3r4 run', 'q1w2e3r4', '--api-key=[redacted secret]'],
    ['mysql glued -p', 'mysql -u root -pS3cr3t -h db1', 'S3cr3t', '-p[redacted secret]'],
    ['sshpass', 'sshpass -p hunter2 ssh ops@bastion', 'hunter2', 'sshpass -p [redacted secret]'],
    ['ldap -w', 'ldapsearch -x -D cn=admin -w Adm1nPw -b dc=x', 'Adm1nPw', '-w [redacted secret]'],
    ['redis -a', 'redis-cli -h cache -a r3disPw ping', 'r3disPw', '-a [redacted secret]'],
  ])('%s', (_name, input, secret, expected) => {
    const out = r(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(expected);
  });

  it('keeps ports and counts given to look-alike flags', () => {
    expect(r('docker run -p8080:80 img')).toBe('docker run -p8080:80 img');
    expect(r('mysql -P 3306 -p3306')).toContain('-p3306');
    expect(r('--token-limit 2048')).toBe('--token-limit 2048');
  });
});

describe('key=value with short or non-English names', () => {
  it.each([
    ['pw', 'login pw=s3cr3tpw ok'],
    ['pwd', 'pwd: "Tr0ub4dor"'],
    ['passwd', 'PASSWD=correcthorse'],
    ['suffix', 'db_pw=zzzsecret'],
    ['german', 'Passwort=Geheim123'],
    ['german kennwort', 'kennwort: Geheim123'],
    ['french', 'mot_de_passe=Secret123'],
    ['spanish', 'contraseña: Secreto123'],
    ['portuguese', 'senha=Segredo123'],
    ['russian', 'пароль=Секрет123'],
    ['chinese', '密码=mima12345'],
    ['japanese', 'パスワード: himitsu99'],
    ['azure sas signature', 'https://acct.blob.core.windows.net/c?sv=2022&sig=AbCdEf123%2Bxyz%3D'],
    ['azure account key', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFy/abc+def=='],
  ])('%s', (_name, input) => {
    const out = r(input);
    const secret = /(?:=|:\s*"?)([^\s";&]+)"?\s*(?:ok)?$/u.exec(input)?.[1] ?? '';
    expect(out).toContain('[redacted secret]');
    expect(out).not.toContain(secret);
  });
});

describe('basic-auth credentials', () => {
  it.each([
    ['curl -u', 'curl -u admin:S3cret https://api/x', 'S3cret', 'curl -u admin:[redacted secret]'],
    ['curl --user', 'curl --user "bob:pa ss"', 'pa ss', '--user "bob:[redacted secret]'],
    ['curl -u glued', 'curl -uadmin:S3cret http://h', 'S3cret', '-uadmin:[redacted secret]'],
    [
      'url with @ in the password',
      'https://ops:p@ss#word@grafana.internal/d',
      'ss#word',
      'https://[redacted credentials]@grafana.internal/d',
    ],
  ])('%s', (_name, input, secret, expected) => {
    const out = r(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(expected);
  });
});

describe('PEM private keys', () => {
  it('redacts a block with short lines, and one cut off before its end line', () => {
    const key = [
      '-----BEGIN EC PRIVATE KEY-----',
      'MHcCAQEEIBkg',
      'oAoGCCqGSM49',
      'AwEHoUQDQgAE',
      '-----END EC PRIVATE KEY-----',
    ].join('\n');
    expect(r(`key:\n${key}\nafter`)).toBe('key:\n[redacted private key]\nafter');
    expect(r('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1r\nZXktdjEAAAAA')).toBe('[redacted private key]');
    expect(r('{"pem":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADAN\\n-----END PRIVATE KEY-----"}')).toBe(
      '{"pem":"[redacted private key]"}',
    );
  });
  it('keeps a certificate (public)', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmg\n-----END CERTIFICATE-----';
    expect(r(cert)).toBe(cert);
  });
});

describe('addresses hidden in other forms', () => {
  it('cloud host names that embed an IP: same placeholder as the plain address', () => {
    const out = new Redactor().text(
      'ip-10-1-2-3.eu-west-1.compute.internal and 10.1.2.3 and 10-1-2-3.nip.io and 10.1.2.3.sslip.io',
    );
    expect(out).toBe(
      '[redacted ip a].eu-west-1.compute.internal and [redacted ip a] and [redacted ip a].nip.io and [redacted ip a].sslip.io',
    );
    expect(r('ec2-54-12-34-56.compute-1.amazonaws.com')).toBe('[redacted ip a].compute-1.amazonaws.com');
  });
  it('IPs in decimal, hex and octal', () => {
    const red = new Redactor();
    expect(red.text('10.0.0.1')).toBe('[redacted ip a]');
    expect(red.text('curl http://167772161/admin')).toBe('curl http://[redacted ip a]/admin');
    expect(red.text('ping 0x0a000001')).toBe('ping [redacted ip a]');
    expect(red.text('http://0x0a.0x00.0x00.0x01:8080/')).toBe('http://[redacted ip a]:8080/');
    expect(red.text('ssh 012.0.0.01')).toBe('ssh [redacted ip a]');
  });
  it('e-mail addresses written out', () => {
    const red = new Redactor();
    expect(red.text('alice@example.com')).toBe('[redacted email a]');
    expect(red.text('mail alice at example dot com now')).toBe('mail [redacted email a] now');
    expect(red.text('bob [at] corp [dot] co [dot] uk')).toBe('[redacted email b]');
    expect(red.text('carol(at)corp(dot)io')).toBe('[redacted email c]');
  });
  it('webhook URLs and issuer-prefixed keys from the scanners’ rule sets', () => {
    expect(r('post to https://hooks.slack.com/services/T0001/B0002/XXXXyyyyZZZZ1234')).toBe(
      'post to [redacted webhook url]',
    );
    expect(r('SK0123456789abcdef0123456789abcdef')).toBe('[redacted token]');
  });
});

describe('what redaction keeps', () => {
  it.each([
    'eu-west-1 at 78 % of safe capacity, headroom 22 %',
    'load 167772161 requests over 30 days', // a big figure is not an IP unless it is a URL host
    'rollout 2026-03-03 of v1.2.3.4 on us-east-1',
    'look at the dashboard for eu-central-1 during peak',
    'checkout-api p99 0.45 s at 21:10:00',
    'node ip-pool-7 and build 1-2-3 of gw-eu-1.example.com',
    'expected password length: 12',
  ])('%s', (text) => {
    expect(r(text)).toBe(text);
  });
});
