import pino from 'pino';
import type { AuthorizationDeps } from '../auth/ghl-authorization.ts';
import type { Config } from '../config/load.ts';
import { type ConnectorServices, connectorServicesFor } from '../connectors/services.ts';
import { createLogger } from '../server/logger.ts';
import { connectionsRepository } from '../store/connections.ts';
import { migrate, openStore, type Store } from '../store/db.ts';
import { locksRepository } from '../store/locks.ts';
import { oauthStatesRepository } from '../store/oauth-states.ts';
import { secretsRepository } from '../store/secrets.ts';
import { loadVaultKey, Vault } from '../store/vault.ts';

export interface BridgeStore extends AuthorizationDeps {
  store: Store;
  vault: Vault;
  close(): Promise<void>;
}

/**
 * The database and vault for a one-shot command, without the queue and workers that
 * `start` runs: migrated, and with the secret key checked against the stored secrets.
 */
export async function openBridgeStore(config: Config): Promise<BridgeStore> {
  const key = loadVaultKey(config.secret, config.dataDir);
  if (key.origin === 'generated') {
    process.stderr.write(
      `ghl-bridge: BRIDGE_SECRET is not set: generated ${key.path} to encrypt tokens at rest. Back it up; without it stored tokens cannot be read.\n`,
    );
  }
  const store = await openStore(config.databaseUrl);
  try {
    await migrate(store);
    const vault = new Vault(key.key);
    const secrets = secretsRepository(store.db, vault);
    await secrets.checkKey();
    return {
      store,
      vault,
      connections: connectionsRepository(store.db),
      secrets,
      locks: locksRepository(store.db),
      oauthStates: oauthStatesRepository(store.db),
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** What connector code needs, for a one-shot command: logs go to stderr so stdout stays the output. */
export function connectorServices(bridge: BridgeStore, config: Config): ConnectorServices {
  return connectorServicesFor(bridge.store.db, bridge.vault, {
    log: createLogger(config.logLevel, pino.destination({ fd: 2, sync: true })),
  });
}
