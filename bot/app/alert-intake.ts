import type { AlertIntakeBundle } from '../../tools/alerts/index.js';

/**
 * Starts the Alertmanager webhook listener when the fleet configures one, and polls at once on every
 * accepted alert instead of waiting for the next scheduled poll. A poll that fails is reported to
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
  bundle.intake.onAlert(() => {
    pollNow().catch(pollFailed);
  });
  say(`Alertmanager webhooks accepted on http://${host}:${port}; each alert triggers an evaluation at once.`);
  return () => server.close();
}
