import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type * as grpc from '@grpc/grpc-js';
import { HeadroomError } from '../../analytics/errors.js';

export interface TlsPaths {
  cert: string;
  key: string;
  ca: string;
}

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca: Buffer;
}

/** Reads and checks a certificate, its key and the CA bundle: the key must match the certificate. */
export function readTlsMaterial(paths: TlsPaths): TlsMaterial {
  const read = (what: keyof TlsPaths): Buffer => {
    try {
      return readFileSync(paths[what]);
    } catch (err) {
      throw new HeadroomError('INPUT_INVALID', `cannot read --${what} ${paths[what]} (${errCode(err)})`, {
        file: paths[what],
      });
    }
  };
  const material = { cert: read('cert'), key: read('key'), ca: read('ca') };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(material.cert);
    new X509Certificate(material.ca);
  } catch (err) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `not a PEM certificate: ${paths.cert} or ${paths.ca} (${errMessage(err)})`,
    );
  }
  let keyMatches = false;
  try {
    keyMatches = cert.checkPrivateKey(createPrivateKey(material.key));
  } catch (err) {
    throw new HeadroomError('INPUT_INVALID', `not a PEM private key: ${paths.key} (${errMessage(err)})`);
  }
  if (!keyMatches) throw new HeadroomError('INPUT_INVALID', `${paths.key} is not the key of ${paths.cert}`);
  return material;
}

/**
 * Certificate files that are re-read when they change on disk (mtime or size), so rotation needs no
 * restart. A half-written rotation (key not matching the certificate yet) keeps the previous material.
 */
export class ReloadingTlsFiles {
  private material: TlsMaterial;
  private stamp: string;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(m: TlsMaterial) => void>();
  /** Bumped on every successful reload; clients compare it to know when to rebuild channels. */
  version = 1;

  constructor(
    readonly paths: TlsPaths,
    private readonly onProblem: (message: string) => void = () => {},
  ) {
    this.material = readTlsMaterial(paths);
    this.stamp = this.currentStamp() ?? '';
  }

  get current(): TlsMaterial {
    return this.material;
  }

  /** Checks the files now; returns true when new material was loaded. */
  refresh(): boolean {
    const stamp = this.currentStamp();
    if (stamp === undefined || stamp === this.stamp) return false;
    try {
      this.material = readTlsMaterial(this.paths);
    } catch (err) {
      this.onProblem(`certificate reload skipped: ${errMessage(err)}`);
      return false; // retried on the next poll: the stamp is not recorded
    }
    this.stamp = stamp;
    this.version++;
    for (const listener of this.listeners) listener(this.material);
    return true;
  }

  /** Polls every `intervalMs` (the timer does not keep the process alive). */
  watch(intervalMs: number): this {
    if (!this.timer) {
      this.timer = setInterval(() => this.refresh(), intervalMs);
      this.timer.unref();
    }
    return this;
  }

  onChange(listener: (m: TlsMaterial) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private currentStamp(): string | undefined {
    try {
      return [this.paths.cert, this.paths.key, this.paths.ca]
        .map((f) => {
          const s = statSync(f);
          return `${s.mtimeMs}:${s.size}:${s.ino}`;
        })
        .join('|');
    } catch {
      return undefined; // a file is missing mid-rotation: keep what we have
    }
  }
}

/**
 * grpc-js's CertificateProvider over ReloadingTlsFiles: the server swaps its secure context on each
 * reload (grpc-js calls setSecureContext), existing connections keep their session.
 */
export function certificateProvider(files: ReloadingTlsFiles): grpc.experimental.CertificateProvider {
  const ca = new Set<grpc.experimental.CaCertificateUpdateListener>();
  const identity = new Set<grpc.experimental.IdentityCertificateUpdateListener>();
  files.onChange((m) => {
    for (const l of ca) l({ caCertificate: m.ca });
    for (const l of identity) l({ certificate: m.cert, privateKey: m.key });
  });
  return {
    addCaCertificateListener(l) {
      ca.add(l);
      process.nextTick(l, { caCertificate: files.current.ca });
    },
    removeCaCertificateListener: (l) => ca.delete(l),
    addIdentityCertificateListener(l) {
      identity.add(l);
      process.nextTick(l, { certificate: files.current.cert, privateKey: files.current.key });
    },
    removeIdentityCertificateListener: (l) => identity.delete(l),
  };
}

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? errMessage(err);
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
