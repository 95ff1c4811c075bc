// Tool deps over the real runtime: the simulated fleet with the demo scenario (a fixed moment),
// a short history to keep start-up quick, and an in-memory store.
import { fileURLToPath } from 'node:url';
import { openRuntime } from '../../bot/app/runtime.js';
import { openStore } from '../../bot/store/index.js';
import { toolDepsForRuntime } from '../../bot/tools-deps.js';

export const DEMO_SCENARIO = fileURLToPath(new URL('../../manifests/scenarios/demo.yaml', import.meta.url));

export async function openFleetDeps() {
  const runtime = await openRuntime({ scenario: DEMO_SCENARIO, historyDays: 35 }, {});
  const store = openStore(':memory:');
  return {
    deps: toolDepsForRuntime(runtime, store),
    close: () => {
      runtime.close();
      store.close();
    },
  };
}
