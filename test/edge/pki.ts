import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Test certificates made with the openssl CLI (EC P-256: fast to generate). One directory per test file.

export interface Issued {
  cert: string;
  key: string;
}

export interface CaFiles extends Issued {
  name: string;
}

export class TestPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'headroom-edge-pki-'));
  private serial = 1;

  ca(name: string): CaFiles {
    const key = join(this.dir, `${name}.key`);
    const cert = join(this.dir, `${name}.crt`);
    openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return { name, cert, key };
  }

  /** A leaf for client and server use whose SAN holds `dnsNames` (the CN is set to something else on purpose). */
  leaf(ca: CaFiles, file: string, dnsNames: string[], days = 2): Issued {
    const key = join(this.dir, `${file}.key`);
    const csr = join(this.dir, `${file}.csr`);
    const cert = join(this.dir, `${file}.crt`);
    const ext = join(this.dir, `${file}.ext`);
    writeFileSync(
      ext,
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth,clientAuth',
        `subjectAltName=${dnsNames.map((d) => `DNS:${d}`).join(',')}`,
      ].join('\n'),
    );
    openssl([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      `/CN=cn-is-not-identity-${file}`,
    ]);
    openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-set_serial',
      String(this.serial++),
      '-out',
      cert,
      '-days',
      String(days),
      '-extfile',
      ext,
    ]);
    return { cert, key };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' });
}
