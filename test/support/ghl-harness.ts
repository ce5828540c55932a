import pino from 'pino';
import { runAction } from '../../src/connectors/run-action.ts';
import { type ConnectorServices, connectorServicesFor } from '../../src/connectors/services.ts';
import { type GhlSandbox, type GhlSandboxOptions, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';
import type { Connection } from '../../src/store/connections.ts';
import { migrate, openStore, type Store } from '../../src/store/db.ts';
import { keyFromSecret, Vault } from '../../src/store/vault.ts';
import { type Engine, type TestDatabase, testDatabase } from './databases.ts';

export interface GhlHarness {
  sandbox: GhlSandbox;
  store: Store;
  services: ConnectorServices;
  /** A Private Integration Token connection to the sandbox's default location (read and write). */
  connection: Connection;
  locationId: string;
  /** Runs `ghl.<action>` on the harness connection (or another one by name). */
  run<T = unknown>(action: string, input: unknown, connectionName?: string): Promise<T>;
  /** Adds a PIT connection to a new sandbox location with the given scopes. */
  connectLocation(name: string, scopes: string[]): Promise<Connection>;
  close(): Promise<void>;
}

export const TEST_VAULT = new Vault(keyFromSecret('harness-secret-0123456789'));

/** A GHL sandbox on a free port, a fresh store, and a connection to the sandbox over real HTTP. */
export async function ghlHarness(
  options: { sandbox?: GhlSandboxOptions; engine?: Engine; retryBaseMs?: number } = {},
): Promise<GhlHarness> {
  const sandbox = await startGhlSandbox({ port: 0, ...options.sandbox });
  const database: TestDatabase = await testDatabase(options.engine ?? 'sqlite');
  const store = await openStore(database.url);
  await migrate(store);
  const services = connectorServicesFor(store.db, TEST_VAULT, {
    log: pino({ level: 'silent' }),
    timeoutMs: 5_000,
    retry: { baseMs: options.retryBaseMs ?? 20 },
  });
  const { connections, secrets } = services;

  async function addPit(
    name: string,
    locationId: string,
    token: string,
    scopes: string[],
  ): Promise<Connection> {
    const connection = await connections.create({
      name,
      connector: 'ghl',
      authType: 'private_token',
      scopes,
      meta: { locationId, baseUrl: sandbox.url },
    });
    await secrets.put(connection.id, 'access_token', token);
    return connection;
  }

  const location = sandbox.defaultLocation;
  const connection = await addPit('ghl-test', location.locationId, location.privateIntegrationToken, [
    'contacts.readonly',
    'contacts.write',
  ]);

  return {
    sandbox,
    store,
    services,
    connection,
    locationId: location.locationId,
    run: <T>(action: string, input: unknown, connectionName = connection.name) =>
      runAction(services, { action: `ghl.${action}`, connection: connectionName, input }) as Promise<T>,
    async connectLocation(name, scopes) {
      const created = sandbox.admin.createLocation({ scopes });
      return addPit(name, created.locationId, created.privateIntegrationToken, scopes);
    },
    async close() {
      await sandbox.close();
      await store.close();
      await database.dispose();
    },
  };
}
