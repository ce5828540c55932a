import type { Kysely } from 'kysely';
import type { Config } from '../../config/load.ts';
import type { ConnectorServices } from '../../connectors/services.ts';
import type { Logger } from '../../kernel/define.ts';
import type { Queue } from '../../queue/types.ts';
import type { ConnectionsRepository } from '../../store/connections.ts';
import type { CursorsRepository } from '../../store/cursors.ts';
import type { FlowsRepository } from '../../store/flows.ts';
import type { LocksRepository } from '../../store/locks.ts';
import type { Schema } from '../../store/schema.ts';
import { createPollingRunner, type PollingRunner, type PollingRunnerOptions } from './runner.ts';
import { currentSubscriptions } from './subscriptions.ts';

export { createPollingRunner, POLL_JOB, type PollingRunner } from './runner.ts';
export { currentSubscriptions, GHL_RECONCILE, type PollSubscription } from './subscriptions.ts';

/** The parts of a running bridge the poller needs (the server's Runtime has them all). */
export interface PollingHost {
  config: Pick<Config, 'reconcileIntervalSeconds' | 'reconcileLookbackSeconds' | 'reconcileGraceSeconds'>;
  store: { db: Kysely<Schema> };
  queue: Queue;
  services: ConnectorServices;
  repos: {
    connections: ConnectionsRepository;
    cursors: CursorsRepository;
    locks: LocksRepository;
    flows: FlowsRepository;
  };
  log: Logger;
}

/**
 * The poller of a running bridge: poll triggers of enabled flows and GHL reconciliation, from
 * the settings. `await runner.start()` in every worker process; each poll runs in one at a time.
 */
export function pollingRunnerFor(
  host: PollingHost,
  overrides: Partial<PollingRunnerOptions> = {},
): PollingRunner {
  const { config, repos } = host;
  return createPollingRunner({
    db: host.store.db,
    queue: host.queue,
    services: host.services,
    cursors: repos.cursors,
    connections: repos.connections,
    locks: repos.locks,
    log: host.log,
    now: Date.now,
    reconcile: {
      graceMs: config.reconcileGraceSeconds * 1000,
      lookbackMs: config.reconcileLookbackSeconds * 1000,
    },
    subscriptions: () =>
      currentSubscriptions({
        db: host.store.db,
        flows: repos.flows,
        connections: repos.connections,
        reconcileIntervalSeconds: config.reconcileIntervalSeconds,
      }),
    ...overrides,
  });
}
