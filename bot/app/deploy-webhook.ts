// Starts the deployment webhook (GitHub deployments, Argo CD notifications) when the fleet file
// configures one; returns how to stop it.
import { listenForDeploys } from '../../tools/deploys/deploy-intake.js';
import type { Runtime } from './runtime.js';

export async function listenForDeployWebhook(rt: Runtime, say: (text: string) => void): Promise<() => Promise<void>> {
  if (!rt.deployIntake) return async () => {};
  const { options, host, port } = rt.deployIntake;
  const server = await listenForDeploys(options, host, port);
  say(`Deployment webhooks accepted on ${server.url}/github and ${server.url}/argocd.`);
  return () => server.close();
}
