/** Resolves on the first SIGINT or SIGTERM; dispose() removes the listeners again. */
export function stopOnSignal(): { stopped: Promise<void>; dispose(): void } {
  let onSignal = () => {};
  const stopped = new Promise<void>((resolve) => {
    onSignal = () => resolve();
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    stopped,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
