import type { Logger } from 'pino';
import type { Config } from '../config/load.ts';
import { BRIDGE_CONNECTION } from '../connectors/bridge/client.ts';
import { type ConnectorServices, connectorServicesFor } from '../connectors/services.ts';
import { createFlowEngine, type FlowEngine } from '../flows/engine.ts';
import { type FlowService, flowService } from '../flows/service.ts';
import { createQueue } from '../queue/index.ts';
import type { Queue } from '../queue/types.ts';
import type { ConnectionsRepository } from '../store/connections.ts';
import { cursorsRepository } from '../store/cursors.ts';
import { migrate, openStore, type Store } from '../store/db.ts';
import { flowsRepository } from '../store/flows.ts';
import { identitiesRepository } from '../store/identities.ts';
import { inboxRepository } from '../store/inbox.ts';
import type { LocksRepository } from '../store/locks.ts';
import { runsRepository } from '../store/runs.ts';
import type { SecretsRepository } from '../store/secrets.ts';
import { loadVaultKey, Vault, type VaultKeySource } from '../store/vault.ts';

/** Everything a process of the bridge shares: opened once, closed once. */
export interface Runtime {
  config: Config;
  log: Logger;
  store: Store;
  queue: Queue;
  vault: Vault;
  vaultKey: Omit<VaultKeySource, 'key'>;
  repos: {
    connections: ConnectionsRepository;
    secrets: SecretsRepository;
    inbox: ReturnType<typeof inboxRepository>;
    cursors: ReturnType<typeof cursorsRepository>;
    locks: LocksRepository;
    flows: ReturnType<typeof flowsRepository>;
    runs: ReturnType<typeof runsRepository>;
    identities: ReturnType<typeof identitiesRepository>;
  };
  /** What connectors need to call their APIs: connections, secrets, locks, shared throttles. */
  services: ConnectorServices;
  flows: FlowService;
  engine: FlowEngine;
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export interface RuntimeOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Idle poll interval of the queue; tests shorten it. */
  queuePollMs?: number;
}

export async function createRuntime(
  config: Config,
  log: Logger,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const keySource = loadVaultKey(config.secret, config.dataDir);
  if (keySource.origin === 'generated') {
    log.warn(
      { path: keySource.path },
      'BRIDGE_SECRET is not set: generated a key to encrypt tokens at rest. Back this file up; without it stored tokens cannot be read.',
    );
  }
  const store = await openStore(config.databaseUrl);
  try {
    if (options.migrate !== false) {
      const { applied } = await migrate(store);
      if (applied.length > 0) log.info({ applied }, 'database migrated');
    }
    const vault = new Vault(keySource.key);
    const services = connectorServicesFor(store.db, vault, { log });
    const repos = {
      connections: services.connections,
      secrets: services.secrets,
      inbox: inboxRepository(store.db),
      cursors: cursorsRepository(store.db),
      locks: services.locks,
      flows: flowsRepository(store.db),
      runs: runsRepository(store.db),
      identities: identitiesRepository(store.db),
    };
    await repos.secrets.checkKey();
    if (!(await repos.connections.find(BRIDGE_CONNECTION))) {
      await repos.connections
        .create({ name: BRIDGE_CONNECTION, connector: 'bridge', authType: 'none', scopes: [] })
        .catch(() => {}); // another process created it first
    }
    const queue = createQueue(store, {
      leaseSeconds: config.queueLeaseSeconds,
      ...(options.queuePollMs ? { pollMs: options.queuePollMs } : {}),
    });
    await queue.start();
    const engine = createFlowEngine({
      services,
      queue,
      inbox: repos.inbox,
      flows: repos.flows,
      runs: repos.runs,
    });
    const { key: _key, ...vaultKey } = keySource;
    return {
      config,
      log,
      store,
      queue,
      vault,
      vaultKey,
      repos,
      services,
      flows: flowService({ flows: repos.flows, connections: repos.connections }),
      engine,
      async close({ timeoutMs } = {}) {
        await queue.stop({ timeoutMs: timeoutMs ?? config.shutdownTimeoutMs });
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
