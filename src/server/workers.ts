import { pollingRunnerFor } from '../flows/polling/index.ts';
import type { Runtime } from './runtime.ts';

export interface Workers {
  /** Stops scheduling polls; the queue's stop (in runtime.close) ends the jobs in flight. */
  stop(): void;
}

/**
 * What a worker process runs: the flow engine's jobs (inbox events, steps) and the poller
 * (poll triggers of enabled flows, GHL reconciliation). Every worker process may run it;
 * the queue and database locks keep each job and each poll to one worker at a time.
 */
export async function startWorkers(runtime: Runtime): Promise<Workers> {
  await runtime.engine.start(runtime.config.workerConcurrency);
  const poller = pollingRunnerFor(runtime);
  await poller.start();
  return { stop: () => poller.stop() };
}
