/**
 * Secret classes the first rule set missed (found by a security review, and from the public rule
 * sets of gitleaks, trufflehog and detect-secrets: webhook URLs, SAS signatures, account keys):
 * passwords given as command-line flags, key=value pairs with short or non-English names,
 * basic-auth credentials in curl and URLs, PEM private keys whatever their line length.
 * Own code; the scanners were read for the classes, not copied.
 */
import type { RedactionRule } from './redact.js';

/** Short and non-English names of a password or secret, as an assignment's key. */
const PASSWORD_WORDS = [
  'pw',
  'pwd',
  'pass',
  'passwd',
  'sig',
  'signature',
  'accountkey',
  'sharedaccesskey',
  'passwort', // de
  'kennwort', // de
  'mot_de_passe', // fr
  'motdepasse',
  'contrasena', // es
  'contraseña',
  'clave',
  'senha', // pt
  'parola', // it, ro
  'wachtwoord', // nl
  'passord', // no
  'adgangskode', // da
  'lösenord', // sv
  'salasana', // fi
  'hasło', // pl
  'heslo', // cs
  'jelszó', // hu
  'şifre', // tr
  'sifre',
  'пароль', // ru
  '密码', // zh
  'パスワード', // ja
  '비밀번호', // ko
];

const NAME = `(?:[\\p{L}\\p{N}_-]*[_-])?(?:${PASSWORD_WORDS.join('|')})`;

/** A value that is only a count or a port (`-p8080`, `pin=3`), not a secret. */
const COUNT_OR_PORT = /^\d{1,5}(?::\d{1,5})*$/;

export const SECRET_CLASS_RULES: readonly RedactionRule[] = [
  {
    // Whatever the line length: the markers are the evidence. An unterminated block runs to the end.
    name: 'pem private key',
    pattern: /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END [A-Z0-9 ]*-----|$(?![\s\S]))/g,
    replace: '[redacted private key]',
  },
  {
    // Incoming-webhook URLs carry their secret in the path (Slack, Discord, Teams/Office 365).
    name: 'webhook url',
    pattern:
      /\bhttps:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{10,}|(?:discord(?:app)?\.com)\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{10,}|[a-z0-9-]+\.webhook\.office\.com\/[^\s"'<>]+)/gi,
    replace: '[redacted webhook url]',
  },
  {
    name: 'prefixed token',
    // Twilio API keys and account SIDs (SK/AC + 32 hex), SendGrid keys.
    pattern: /\b(?:SK|AC)[0-9a-f]{32}\b|\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g,
    replace: '[redacted token]',
  },
  {
    // --password x, --password=x, --db-pass x, --api-key=x, --token x, --secret x, --auth-token x.
    name: 'password flag',
    pattern:
      /(?<![\w-])(--(?:[a-z0-9]+-)*(?:password|passwd|pass|pwd|passphrase|token|secret|api-?key|auth(?:-token)?|access-key|secret-key)(?:=|\s+))(?!-)(?!\[redacted)("[^"]*"|'[^']*'|\S+)/gi,
    replace: ({ groups: [flag, value] }) => (COUNT_OR_PORT.test(value!) ? undefined : `${flag}[redacted secret]`),
  },
  {
    // mysql -pSecret (glued), sshpass -p secret, ldapsearch -w secret, redis-cli -a secret.
    name: 'password flag',
    pattern:
      /(?<![\w-])((?:mysql(?:dump|admin)?\b[^\n|;]*?\s-p)|(?:sshpass\s+-p\s*)|(?:ldap\w*\b[^\n|;]*?\s-w\s*)|(?:redis-cli\b[^\n|;]*?\s-a\s*))(?!\[redacted)(?!-)("[^"]*"|'[^']*'|\S+)/gi,
    replace: ({ groups: [flag, value] }) => (COUNT_OR_PORT.test(value!) ? undefined : `${flag}[redacted secret]`),
  },
  {
    // curl -u user:pass, curl --user user:pass, -uuser:pass; wget --http-password is a flag above.
    name: 'basic auth',
    pattern:
      /(?<![\w-])((?:-u|--user|--proxy-user|-U)(?:\s+|=)?)(?:"([^\s:"@]+):(?!\[redacted)[^"]*"|'([^\s:'@]+):(?!\[redacted)[^']*'|([^\s:"'@]+):(?!\[redacted)\S+)/g,
    replace: ({ groups: [flag, dq, sq, bare] }) =>
      dq !== undefined
        ? `${flag}"${dq}:[redacted secret]"`
        : sq !== undefined
          ? `${flag}'${sq}:[redacted secret]'`
          : `${flag}${bare}:[redacted secret]`,
  },
  {
    // user:password@host where the password holds @ # ? (the first rule stops at the first @).
    name: 'url credentials',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)(?!\[redacted)[^\s/?#@:]+:[^\s/]*@(?=[A-Za-z0-9[])/gi,
    replace: ({ groups: [scheme] }) => `${scheme}[redacted credentials]@`,
  },
  {
    // pw=…, pwd: …, passwort=…, contraseña: "…", 密码=…, sig=… (a SAS signature), AccountKey=…
    name: 'secret assignment',
    pattern: new RegExp(`(?<![\\p{L}\\p{N}_-])(${NAME}["']?\\s*[:=]\\s*["']?)(?!\\[redacted)([^\\s"',;&]{3,})`, 'giu'),
    replace: ({ groups: [head, value] }) => (COUNT_OR_PORT.test(value!) ? undefined : `${head}[redacted secret]`),
  },
];
