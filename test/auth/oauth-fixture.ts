import pino, { type Logger } from 'pino';
import {
  type AuthorizationDeps,
  completeGhlAuthorization,
  startGhlAuthorization,
} from '../../src/auth/ghl-authorization.ts';
import { runAction } from '../../src/connectors/run-action.ts';
import { type ConnectorServices, connectorServicesFor } from '../../src/connectors/services.ts';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';
import type { Connection } from '../../src/store/connections.ts';
import { migrate, openStore, type Store } from '../../src/store/db.ts';
import { oauthStatesRepository } from '../../src/store/oauth-states.ts';
import { keyFromSecret, Vault } from '../../src/store/vault.ts';
import { type Engine, type TestDatabase, testDatabase } from '../support/databases.ts';

export const VAULT_SECRET = 'auth-tests-secret-0123456789';
export const REDIRECT_URI = 'http://127.0.0.1:9/oauth/ghl/callback';

export interface OAuthFixture {
  sandbox: GhlSandbox;
  database: TestDatabase;
  store: Store;
  deps: AuthorizationDeps;
  services: ConnectorServices;
  app: { clientId: string; clientSecret: string };
  locationId: string;
  companyId: string;
  /** Authorizes the sandbox's default location (no browser, no route) and saves the connection. */
  connect(name: string, scopes?: string[]): Promise<Connection>;
  /** A contact in the default location, made with its Private Integration Token. */
  createContact(email: string): Promise<string>;
  getContact(connection: string, contactId: string): Promise<unknown>;
  /** POST /oauth/token requests the sandbox has received. */
  tokenRequests(): number;
  close(): Promise<void>;
}

export async function oauthFixture(
  engine: Engine = 'sqlite',
  log: Logger = pino({ level: 'silent' }),
): Promise<OAuthFixture> {
  const sandbox = await startGhlSandbox({ port: 0 });
  const database = await testDatabase(engine);
  const store = await openStore(database.url);
  await migrate(store);
  const services = connectorServicesFor(store.db, new Vault(keyFromSecret(VAULT_SECRET)), {
    log,
    timeoutMs: 5_000,
    retry: { baseMs: 10 },
  });
  const { connections, secrets, locks } = services;
  const deps: AuthorizationDeps = {
    connections,
    secrets,
    locks,
    oauthStates: oauthStatesRepository(store.db),
    timeoutMs: 5_000,
  };
  const registered = sandbox.admin.registerApp({ name: 'Bridge tests', redirectUris: [REDIRECT_URI] });
  const app = { clientId: registered.clientId, clientSecret: registered.clientSecret };
  const { locationId, companyId, privateIntegrationToken } = sandbox.defaultLocation;

  return {
    sandbox,
    database,
    store,
    deps,
    services,
    app,
    locationId,
    companyId,
    async connect(name, scopes = ['contacts.readonly', 'contacts.write']) {
      const started = await startGhlAuthorization(deps, {
        ...app,
        redirectUri: REDIRECT_URI,
        baseUrl: sandbox.url,
        marketplaceUrl: sandbox.url,
        scopes,
        userType: 'Location',
        name,
      });
      const state = new URL(started.url).searchParams.get('state') ?? '';
      const { code } = sandbox.admin.authorize({
        clientId: app.clientId,
        redirectUri: REDIRECT_URI,
        scope: scopes.join(' '),
        locationId,
        state,
      });
      return (await completeGhlAuthorization(deps, { state, code })).connection;
    },
    async createContact(email) {
      const response = await fetch(`${sandbox.url}/contacts/`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${privateIntegrationToken}`,
          version: '2021-07-28',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ locationId, email }),
      });
      return ((await response.json()) as { contact: { id: string } }).contact.id;
    },
    getContact: (connection, contactId) =>
      runAction(services, { action: 'ghl.get-contact', connection, input: { contactId } }),
    tokenRequests: () => sandbox.requests.list({ method: 'POST', pathPrefix: '/oauth/token' }).length,
    async close() {
      await sandbox.close();
      await store.close();
      await database.dispose();
    },
  };
}
