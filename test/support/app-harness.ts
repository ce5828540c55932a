import pino from 'pino';
import { clientForConnection } from '../../src/connectors/client-for-connection.ts';
import { connectionInfo } from '../../src/connectors/connection-info.ts';
import { connectGleantap } from '../../src/connectors/gleantap/connect.ts';
import { connectGleap } from '../../src/connectors/gleap/connect.ts';
import { getConnector } from '../../src/connectors/registry.ts';
import { runAction } from '../../src/connectors/run-action.ts';
import { type ConnectorServices, connectorServicesFor } from '../../src/connectors/services.ts';
import type { RateLimitProfile } from '../../src/http/rate-limit-headers.ts';
import type { PollContext } from '../../src/kernel/define.ts';
import {
  type GleantapSandbox,
  type GleantapSandboxOptions,
  startGleantapSandbox,
} from '../../src/sandbox/gleantap/index.ts';
import {
  type GleapSandbox,
  type GleapSandboxOptions,
  startGleapSandbox,
} from '../../src/sandbox/gleap/index.ts';
import type { Connection } from '../../src/store/connections.ts';
import { migrate, openStore, type Store } from '../../src/store/db.ts';
import { keyFromSecret, Vault } from '../../src/store/vault.ts';
import { type Engine, type TestDatabase, testDatabase } from './databases.ts';

/** The key test stores seal secrets with; child processes of a test open the same vault. */
export const APP_TEST_VAULT = new Vault(keyFromSecret('app-harness-secret-0123456789'));

/** Limits high enough that a test's polling loop is never throttled (the benchmark tests throttling). */
export const UNTHROTTLED: RateLimitProfile = {
  defaults: { limit: 1_000_000, windowMs: 60_000 },
  headers: {},
};

export function appServices(
  store: Store,
  options: { profiles?: Record<string, RateLimitProfile>; retryBaseMs?: number } = {},
): ConnectorServices {
  return connectorServicesFor(store.db, APP_TEST_VAULT, {
    log: pino({ level: 'silent' }),
    timeoutMs: 5_000,
    retry: { baseMs: options.retryBaseMs ?? 20 },
    ...(options.profiles ? { profiles: options.profiles } : {}),
  });
}

/** What a trigger's `poll` gets from the runner, for a connection of this store. */
export function pollContextFor<Client>(
  services: ConnectorServices,
  connection: Connection,
  now: () => Date = () => new Date(),
): PollContext<Client> {
  const connector = getConnector(connection.connector);
  const http = clientForConnection(services, connector, connection);
  const info = connectionInfo(connection);
  return {
    client: connector.createClient({ http, connection: info }) as Client,
    connection: info,
    log: services.log,
    now,
  };
}

export interface AppHarness {
  gleap: GleapSandbox;
  gleantap: GleantapSandbox;
  database: TestDatabase;
  store: Store;
  services: ConnectorServices;
  /** Connected to the Gleap sandbox's first project (checked with a real call, as a user connects). */
  gleapConnection: Connection;
  gleapProjectId: string;
  /** `/webhooks/gleap/<connection id>/<secret>` of that connection. */
  gleapWebhookPath: string;
  gleantapConnection: Connection;
  gleantapAppId: string;
  /** Runs `<connector>.<action>` on the harness connection of that connector (or a named one). */
  run<T = unknown>(action: string, input: unknown, connectionName?: string): Promise<T>;
  close(): Promise<void>;
}

export interface AppHarnessOptions {
  gleap?: GleapSandboxOptions;
  gleantap?: GleantapSandboxOptions;
  engine?: Engine;
  profiles?: Record<string, RateLimitProfile>;
}

/** Both app sandboxes on free ports, a fresh store, and one connection to each over real HTTP. */
export async function appHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const [gleap, gleantap] = await Promise.all([
    startGleapSandbox({ port: 0, seed: { contacts: 5, tickets: 5 }, ...options.gleap }),
    startGleantapSandbox({ port: 0, seed: { customers: 5 }, ...options.gleantap }),
  ]);
  const database = await testDatabase(options.engine ?? 'sqlite');
  const store = await openStore(database.url);
  await migrate(store);
  const services = appServices(store, options.profiles ? { profiles: options.profiles } : {});
  const project = gleap.demo ?? gleap.admin.createProject();
  const account = gleantap.demo ?? gleantap.admin.createAccount();
  const { connection: gleapConnection, webhookPath } = await connectGleap(services, {
    name: 'gleap-test',
    apiKey: project.apiKey,
    projectId: project.projectId,
    baseUrl: gleap.url,
  });
  const gleantapConnection = await connectGleantap(services, {
    name: 'gleantap-test',
    appId: account.appId,
    apiKey: account.apiKey,
    secretKey: account.secretKey,
    baseUrl: gleantap.url,
  });
  const byConnector: Record<string, string> = {
    gleap: gleapConnection.name,
    gleantap: gleantapConnection.name,
  };
  return {
    gleap,
    gleantap,
    database,
    store,
    services,
    gleapConnection,
    gleapProjectId: project.projectId,
    gleapWebhookPath: webhookPath,
    gleantapConnection,
    gleantapAppId: account.appId,
    run: <T>(action: string, input: unknown, connectionName?: string) =>
      runAction(services, {
        action,
        connection: connectionName ?? byConnector[action.split('.')[0] ?? ''] ?? '',
        input,
      }) as Promise<T>,
    async close() {
      await Promise.all([gleap.close(), gleantap.close()]);
      await store.close();
      await database.dispose();
    },
  };
}
