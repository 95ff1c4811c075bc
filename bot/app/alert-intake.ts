import type { AlertIntakeBundle } from '../../tools/alerts/index.js';
import { coalesce } from './coalesce.js';

/**
 * Starts the Alertmanager webhook listener when the fleet configures one, and polls at once on
 * accepted alerts instead of waiting for the next scheduled poll: a burst is coalesced into one
 * poll running and at most one waiting, never one poll per alert. A poll that fails is reported to
 * `pollFailed` (the alert is already stored; the next poll sees it). Returns how to stop listening.
 */
export async function listenForAlerts(
  bundle: AlertIntakeBundle | undefined,
  pollNow: () => Promise<unknown>,
  say: (text: string) => void,
  pollFailed: (err: unknown) => void,
): Promise<() => Promise<void>> {
  if (!bundle) return async () => {};
  const { host, port } = bundle.config.listen;
  const server = await bundle.intake.listen(host, port);
  const evaluate = coalesce(pollNow);
  bundle.intake.onAlert(() => {
    evaluate().catch(pollFailed);
  });
  say(`Alertmanager webhooks accepted on ${server.url}; alerts trigger an evaluation at once (a burst shares one).`);
  return () => server.close();
}
