import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGhlAuthorization } from '../../src/auth/ghl-authorization.ts';
import { ACCESS_TOKEN, CLIENT_SECRET, REFRESH_TOKEN } from '../../src/auth/ghl-connection.ts';
import { loadConfig } from '../../src/config/load.ts';
import { runAction } from '../../src/connectors/run-action.ts';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';
import { authorizationDepsOf } from '../../src/server/routes/oauth.ts';
import { createRuntime, type Runtime } from '../../src/server/runtime.ts';

describe('authorization code flow through the bridge’s callback route', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ghl-bridge-oauth-'));
  const logLines: string[] = [];
  let sandbox: GhlSandbox;
  let runtime: Runtime;
  let server: FastifyInstance;
  let redirectUri: string;
  let app: { clientId: string; clientSecret: string };
  /** Every token and secret handed out, to look for them in the database file and the logs. */
  const secrets = new Set<string>();

  beforeAll(async () => {
    sandbox = await startGhlSandbox({ port: 0 });
    const config = loadConfig({
      env: {
        DATA_DIR: dir,
        DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`,
        BRIDGE_SECRET: 'oauth-route-secret-0123456789',
        LOG_LEVEL: 'debug',
      },
    });
    const log = createLogger('debug', { write: (line: string) => logLines.push(line) });
    runtime = await createRuntime(config, log);
    server = await buildServer(runtime);
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    redirectUri = `${url}/oauth/ghl/callback`;
    const registered = sandbox.admin.registerApp({ name: 'Bridge', redirectUris: [redirectUri] });
    app = { clientId: registered.clientId, clientSecret: registered.clientSecret };
    secrets.add(app.clientSecret);
  });

  afterAll(async () => {
    await server.close();
    await runtime.close({ timeoutMs: 500 }).catch(() => {});
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const tokenRequests = () => sandbox.requests.list({ method: 'POST', pathPrefix: '/oauth/token' }).length;

  async function start(
    options: {
      userType?: 'Location' | 'Company';
      scopes?: string[];
      name?: string;
      locations?: { locationId: string; name?: string }[];
    } = {},
  ) {
    return startGhlAuthorization(authorizationDepsOf(runtime), {
      ...app,
      redirectUri,
      baseUrl: sandbox.url,
      marketplaceUrl: sandbox.url,
      scopes: options.scopes ?? ['contacts.readonly'],
      userType: options.userType ?? 'Location',
      ...(options.name ? { name: options.name } : {}),
      ...(options.locations ? { locations: options.locations } : {}),
    });
  }

  /** The browser's part: approve on the consent page, which redirects to the callback. */
  async function consent(url: string, choice: Record<string, string>): Promise<string> {
    const consentUrl = new URL(url);
    for (const [key, value] of Object.entries(choice)) consentUrl.searchParams.set(key, value);
    consentUrl.searchParams.set('approve', 'true');
    const response = await fetch(consentUrl, { redirect: 'manual' });
    expect(response.status).toBe(302);
    return response.headers.get('location') ?? '';
  }

  async function remember(connectionId: string) {
    for (const name of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET]) {
      const value = (await runtime.repos.secrets.get(connectionId, name))?.value;
      if (value) secrets.add(value);
    }
  }

  it('asks only for contacts.readonly by default, with a state', async () => {
    const { url } = await start();
    const params = new URL(url).searchParams;
    expect(new URL(url).pathname).toBe('/v2/oauth/chooselocation');
    expect(params.get('scope')).toBe('contacts.readonly');
    expect(params.get('state')).toMatch(/^[\w-]{40,}$/);
    expect(params.get('redirect_uri')).toBe(redirectUri);
  });

  it('exchanges the code, records location, company, user type and scopes, and shows a success page', async () => {
    const { url } = await start({ scopes: ['contacts.readonly', 'contacts.write'], name: 'web' });
    const callback = await consent(url, { locationId: sandbox.defaultLocation.locationId });
    expect(callback.startsWith(redirectUri)).toBe(true);

    const page = await fetch(callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('connected to GHL location');

    const connection = await runtime.repos.connections.get('web');
    expect(connection).toMatchObject({
      connector: 'ghl',
      authType: 'oauth2',
      status: 'active',
      scopes: ['contacts.readonly', 'contacts.write'],
    });
    expect(connection.meta).toMatchObject({
      locationId: sandbox.defaultLocation.locationId,
      companyId: sandbox.defaultLocation.companyId,
      userType: 'Location',
      clientId: app.clientId,
      baseUrl: sandbox.url,
    });
    await remember(connection.id);
    const created = await runAction(runtime.services, {
      action: 'ghl.get-contact',
      connection: 'web',
      input: { contactId: 'missing-contact' },
    }).catch((e: Error) => e);
    // Authenticated: the sandbox answers about the contact, not about the token.
    expect(String(created)).toMatch(/not found/i);

    const replay = await fetch(callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used');
  });

  it('refuses a callback whose state it did not issue, without exchanging the code', async () => {
    const { url } = await start({ name: 'tampered' });
    const callback = new URL(await consent(url, { locationId: sandbox.defaultLocation.locationId }));
    const genuine = callback.searchParams.get('state') ?? '';
    callback.searchParams.set('state', `${genuine.slice(0, -4)}AAAA`);
    const before = tokenRequests();

    const response = await fetch(callback);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('does not match any authorization');
    expect(tokenRequests()).toBe(before);
    expect(await runtime.repos.connections.find('tampered')).toBeUndefined();

    const missing = await fetch(`${redirectUri}?code=abc`);
    expect(missing.status).toBe(400);
    expect(tokenRequests()).toBe(before);
  });

  it('connects an agency, mints a location token through /oauth/locationToken, and mints again after a 401', async () => {
    const location = sandbox.admin.createLocation({ companyId: sandbox.defaultLocation.companyId });
    const { url } = await start({
      userType: 'Company',
      scopes: ['contacts.readonly', 'oauth.write'],
      name: 'agency',
      locations: [{ locationId: location.locationId, name: 'branch' }],
    });
    const page = await fetch(await consent(url, { companyId: sandbox.defaultLocation.companyId }));
    expect(page.status).toBe(200);

    const agency = await runtime.repos.connections.get('agency');
    expect(agency.meta).toMatchObject({ userType: 'Company', companyId: sandbox.defaultLocation.companyId });
    const branch = await runtime.repos.connections.get('branch');
    expect(branch.meta).toMatchObject({ locationId: location.locationId, agencyConnectionId: agency.id });
    expect(branch.scopes).toEqual(['contacts.readonly']);
    expect(await runtime.repos.secrets.get(branch.id, REFRESH_TOKEN)).toBeUndefined();
    await remember(agency.id);
    await remember(branch.id);
    const mints = () => sandbox.requests.list({ method: 'POST', pathPrefix: '/oauth/locationToken' }).length;
    expect(mints()).toBe(1);

    const search = { action: 'ghl.get-contact', connection: 'branch', input: { contactId: 'nobody' } };
    sandbox.admin.expireTokens(location.locationId);
    const before = tokenRequests();
    expect(String(await runAction(runtime.services, search).catch((e: Error) => e))).toMatch(/not found/i);
    expect(mints()).toBe(2);
    expect(tokenRequests()).toBe(before);
    await remember(branch.id);
  });

  it('keeps every token and secret out of the database file and the logs', async () => {
    expect(secrets.size).toBeGreaterThanOrEqual(6);
    const files = ['bridge.db', 'bridge.db-wal']
      .map((name) => join(dir, name))
      .filter((path) => existsSync(path));
    const stored = files.map((path) => readFileSync(path).toString('latin1')).join('');
    expect(stored).toContain('oauth_states');
    const logs = logLines.join('');
    expect(logs).toContain('GHL connection authorized');
    for (const secret of secrets) {
      expect(stored.includes(secret), 'a secret in the database file').toBe(false);
      expect(logs.includes(secret), 'a secret in the logs').toBe(false);
    }
  });
});
