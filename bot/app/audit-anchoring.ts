import { HeadroomError } from '../../analytics/errors.js';
import { anchorNewestEntry } from '../store/anchor-newest.js';

/**
 * With HEADROOM_AUDIT_ANCHOR_FILE set, appends the newest audit entry to that file at start, every
 * HEADROOM_AUDIT_ANCHOR_MINUTES (default 15) and at stop. Returns how to stop (anchoring once more).
 */
export function startAuditAnchoring(
  storeLocation: string,
  env: Readonly<Record<string, string | undefined>>,
  warn: (text: string) => void,
): () => void {
  const file = env.HEADROOM_AUDIT_ANCHOR_FILE?.trim();
  if (!file || storeLocation === ':memory:') return () => {};
  const minutes = Number(env.HEADROOM_AUDIT_ANCHOR_MINUTES ?? 15);
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new HeadroomError(
      'CONFIG_INVALID',
      `HEADROOM_AUDIT_ANCHOR_MINUTES must be a positive number, not "${env.HEADROOM_AUDIT_ANCHOR_MINUTES}"`,
    );
  const anchor = () => {
    try {
      anchorNewestEntry(storeLocation, file, Date.now());
    } catch (err) {
      warn(`audit anchor to ${file} failed: ${(err as Error).message}`);
    }
  };
  anchor();
  const timer = setInterval(anchor, minutes * 60_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    anchor();
  };
}
