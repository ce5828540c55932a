import pino from 'pino';
import { connectorServicesFor } from '../../src/connectors/services.ts';
import { createPollingRunner, type PollingRunner } from '../../src/flows/polling/runner.ts';
import type { PollSubscription } from '../../src/flows/polling/subscriptions.ts';
import { createQueue } from '../../src/queue/index.ts';
import type { Queue } from '../../src/queue/types.ts';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { type Connection, connectionsRepository } from '../../src/store/connections.ts';
import { cursorsRepository } from '../../src/store/cursors.ts';
import { migrate, openStore, type Store } from '../../src/store/db.ts';
import { secretsRepository } from '../../src/store/secrets.ts';
import { keyFromSecret, Vault } from '../../src/store/vault.ts';
import { type Engine, type TestDatabase, testDatabase } from '../support/databases.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field.
export type Json = any;

const VAULT = new Vault(keyFromSecret('polling-test-secret-0123456789'));

/** One "process": a store on the test database, a queue and a polling runner. */
export interface PollingProcess {
  store: Store;
  queue: Queue;
  runner: PollingRunner;
  close(): Promise<void>;
}

export interface PollingWorld {
  sandbox: GhlSandbox;
  database: TestDatabase;
  connection: Connection;
  locationId: string;
  /** Starts a process on the same database (a restart is close + start). */
  start(
    options?: Partial<Parameters<typeof createPollingRunner>[0]> & {
      subscriptions?: () => Promise<PollSubscription[]>;
    },
  ): Promise<PollingProcess>;
  api(method: string, path: string, body?: unknown): Promise<Json>;
  /** Inbox events of a type, oldest first. */
  events(store: Store, type: string): Promise<Array<{ dedupeKey: string; payload: Json }>>;
  close(): Promise<void>;
}

export async function pollingWorld(engine: Engine = 'sqlite'): Promise<PollingWorld> {
  // Limits high enough that the throttle never waits: these tests are about what is emitted.
  const sandbox = await startGhlSandbox({ port: 0, limits: { max: 100_000, dailyMax: 10_000_000 } });
  const database = await testDatabase(engine);
  const first = await openStore(database.url);
  await migrate(first);
  const location = sandbox.defaultLocation;
  const connection = await connectionsRepository(first.db).create({
    name: 'ghl-poll',
    connector: 'ghl',
    authType: 'private_token',
    scopes: location.scopes,
    meta: { locationId: location.locationId, baseUrl: sandbox.url },
  });
  await secretsRepository(first.db, VAULT).put(
    connection.id,
    'access_token',
    location.privateIntegrationToken,
  );
  await first.close();
  const processes = new Set<PollingProcess>();

  return {
    sandbox,
    database,
    connection,
    locationId: location.locationId,
    async start(options = {}) {
      const store = await openStore(database.url);
      const queue = createQueue(store, { leaseSeconds: 5, pollMs: 50 });
      await queue.start();
      const services = connectorServicesFor(store.db, VAULT, {
        log: pino({ level: 'silent' }),
        timeoutMs: 5_000,
        retry: { baseMs: 20 },
      });
      const { connections } = services;
      const runner = createPollingRunner({
        db: store.db,
        queue,
        services,
        cursors: cursorsRepository(store.db),
        connections,
        locks: services.locks,
        log: services.log,
        now: Date.now,
        reconcile: { graceMs: 0, lookbackMs: 60_000 },
        subscriptions: async () => [],
        ...options,
      });
      const process: PollingProcess = {
        store,
        queue,
        runner,
        async close() {
          processes.delete(process);
          runner.stop();
          await queue.stop({ timeoutMs: 500 });
          await store.close();
        },
      };
      processes.add(process);
      return process;
    },
    async api(method, path, body) {
      const response = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${location.privateIntegrationToken}`,
          version: '2021-07-28',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    async events(store, type) {
      const rows = await store.db
        .selectFrom('inbox_events')
        .select(['dedupe_key', 'payload', 'received_at'])
        .where('event_type', '=', type)
        .orderBy('received_at')
        .execute();
      return rows.map((row) => ({ dedupeKey: row.dedupe_key, payload: JSON.parse(row.payload) }));
    },
    async close() {
      for (const process of [...processes]) await process.close();
      await sandbox.close();
      await database.dispose();
    },
  };
}
