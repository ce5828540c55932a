import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { admin, caller, formPost, schemaErrors, schemaFor, startSandbox } from '../support/ghl-sandbox.ts';

let sandbox: GhlSandbox;
let locationId: string;
let pit: string;
let contactId: string;

const REDIRECT = 'https://bridge.test/oauth/callback';

beforeAll(async () => {
  sandbox = await startSandbox();
  ({ locationId, privateIntegrationToken: pit } = sandbox.defaultLocation);
  const created = await caller(sandbox.url, pit)('POST', '/contacts/', { locationId, email: 'a@b.co' });
  contactId = created.body.contact.id;
});
afterAll(() => sandbox.close());

async function connectApp(scope = 'contacts.readonly contacts.write') {
  const app = (await admin(sandbox.url, 'POST', '/apps', { name: 'Bridge', redirectUris: [REDIRECT] })).body;
  const consent = await fetch(
    `${sandbox.url}/v2/oauth/chooselocation?response_type=code&client_id=${app.clientId}` +
      `&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=${encodeURIComponent(scope)}&state=xyz` +
      `&locationId=${locationId}&approve=true`,
    { redirect: 'manual' },
  );
  expect(consent.status).toBe(302);
  const location = new URL(consent.headers.get('location')!);
  expect(location.searchParams.get('state')).toBe('xyz');
  const tokens = await formPost(`${sandbox.url}/oauth/token`, {
    client_id: app.clientId,
    client_secret: app.clientSecret,
    grant_type: 'authorization_code',
    code: location.searchParams.get('code')!,
    user_type: 'Location',
    redirect_uri: REDIRECT,
  });
  expect(tokens.status).toBe(200);
  return { app, tokens: tokens.body };
}

describe('requests refused like GHL refuses them', () => {
  it('missing Version header: 401', async () => {
    const answer = await caller(sandbox.url, pit)('GET', `/contacts/${contactId}`, undefined, {
      version: undefined,
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      statusCode: 401,
      message: 'Version header was not found',
      error: 'Unauthorized',
    });
  });

  it('an unsupported Version value: 400', async () => {
    const answer = await caller(sandbox.url, pit)('GET', `/contacts/${contactId}`, undefined, {
      version: '2099-01-01',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.statusCode).toBe(400);
  });

  it('expired access token: 401, and the refreshed one works', async () => {
    const { app, tokens } = await connectApp();
    const get = () => caller(sandbox.url, tokens.access_token)('GET', `/contacts/${contactId}`);
    expect((await get()).status).toBe(200);
    expect(
      (await admin(sandbox.url, 'POST', `/locations/${locationId}/expire-tokens`)).body.expired,
    ).toBeGreaterThan(0);
    const expired = await get();
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      statusCode: 401,
      message: 'Invalid token: access token is expired',
      error: 'Unauthorized',
    });
    expect(
      schemaErrors(
        schemaFor('oauth.json', '../common/common-schemas.json#/components/schemas/UnauthorizedDTO'),
        expired.body,
      ),
    ).toEqual([]);

    const refreshed = await formPost(`${sandbox.url}/oauth/token`, {
      client_id: app.clientId,
      client_secret: app.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(
      (await caller(sandbox.url, refreshed.body.access_token)('GET', `/contacts/${contactId}`)).status,
    ).toBe(200);
  });

  it('access tokens expire after the configured lifetime', async () => {
    const short = await startSandbox({ accessTokenTtlSeconds: 1 });
    try {
      const app = short.admin.registerApp({ redirectUris: [REDIRECT] });
      const { code } = short.admin.authorize({
        clientId: app.clientId,
        locationId: short.defaultLocation.locationId,
      });
      const tokens = (
        await formPost(`${short.url}/oauth/token`, {
          client_id: app.clientId,
          client_secret: app.clientSecret,
          grant_type: 'authorization_code',
          code,
        })
      ).body;
      expect(tokens.expires_in).toBe(1);
      const url = `/contacts/?locationId=${short.defaultLocation.locationId}`;
      expect((await caller(short.url, tokens.access_token)('GET', url)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await caller(short.url, tokens.access_token)('GET', url)).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it("another location's token: 403, never the other location's data", async () => {
    const other = (await admin(sandbox.url, 'POST', '/locations', { name: 'Other' })).body;
    const call = caller(sandbox.url, other.privateIntegrationToken);
    const forbidden = {
      statusCode: 403,
      message: 'The token does not have access to this location.',
      error: 'Forbidden',
    };
    for (const answer of [
      await call('GET', `/contacts/${contactId}`),
      await call('PUT', `/contacts/${contactId}`, { firstName: 'Mallory' }),
      await call('GET', `/contacts/?locationId=${locationId}`),
      await call('POST', '/contacts/search', { locationId, pageLimit: 10 }),
      await call('POST', '/contacts/', { locationId, email: 'x@y.co' }),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual(forbidden);
    }
    const own = await call('POST', '/contacts/search', { locationId: other.locationId, pageLimit: 10 });
    expect(own.body).toMatchObject({ contacts: [], total: 0 });
  });

  it('a read-only token writing: 401 for the scope; reading works', async () => {
    const readOnly = (
      await admin(sandbox.url, 'POST', `/locations/${locationId}/pits`, { scopes: ['contacts.readonly'] })
    ).body;
    const call = caller(sandbox.url, readOnly.privateIntegrationToken);
    expect((await call('GET', `/contacts/${contactId}`)).status).toBe(200);
    for (const answer of [
      await call('PUT', `/contacts/${contactId}`, { firstName: 'X' }),
      await call('POST', '/contacts/', { locationId, email: 'new@b.co' }),
      await call('POST', `/contacts/${contactId}/tags`, { tags: ['x'] }),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        statusCode: 401,
        message: 'The token is not authorized for this scope.',
        error: 'Unauthorized',
      });
    }
  });

  it('a reused refresh token: 400 invalid_grant; refresh tokens are single-use and rotate', async () => {
    const { app, tokens } = await connectApp();
    const refresh = (token: string) =>
      formPost(`${sandbox.url}/oauth/token`, {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: token,
      });
    const first = await refresh(tokens.refresh_token);
    expect(first.status).toBe(200);
    const reused = await refresh(tokens.refresh_token);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({
      statusCode: 400,
      message: 'Invalid grant: refresh token is invalid',
      error: 'invalid_grant',
    });
    expect(
      schemaErrors(
        schemaFor('oauth.json', '../common/common-schemas.json#/components/schemas/BadRequestDTO'),
        reused.body,
      ),
    ).toEqual([]);
    expect((await refresh(first.body.refresh_token)).status).toBe(200);

    const logged = sandbox.requests.list({ pathPrefix: '/oauth/token', app: app.clientId });
    expect(logged.map((entry) => entry.status)).toEqual([200, 200, 400, 200]);
    expect(JSON.stringify(logged)).not.toContain(tokens.refresh_token);
  });

  it('wrong client secret: 401; missing fields: 422', async () => {
    const { app } = await connectApp();
    const wrong = await formPost(`${sandbox.url}/oauth/token`, {
      client_id: app.clientId,
      client_secret: 'nope',
      grant_type: 'refresh_token',
      refresh_token: 'x',
    });
    expect(wrong.status).toBe(401);
    const missing = await formPost(`${sandbox.url}/oauth/token`, { client_id: app.clientId });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toEqual(expect.arrayContaining(['client_secret should not be empty']));
  });
});

describe('OAuth flows', () => {
  it('token answers fit the spec and carry locationId, companyId, userType', async () => {
    const { tokens } = await connectApp();
    const schema = schemaFor('oauth.json', '#/components/schemas/GetAccessCodeSuccessfulResponseDto');
    expect(schemaErrors(schema, tokens)).toEqual([]);
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86399,
      userType: 'Location',
      locationId,
      companyId: sandbox.defaultLocation.companyId,
      scope: 'contacts.readonly contacts.write',
    });
  });

  it('the consent page lists locations and its form redirects with a code and the state', async () => {
    const app = sandbox.admin.registerApp({ redirectUris: [REDIRECT], name: 'Page test' });
    const page = await fetch(
      `${sandbox.url}/oauth/chooselocation?response_type=code&client_id=${app.clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(locationId);
    const submitted = await fetch(`${sandbox.url}/oauth/chooselocation`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: app.clientId,
        redirect_uri: REDIRECT,
        state: 's1',
        choice: `location:${locationId}`,
      }),
    });
    expect(submitted.status).toBe(302);
    const target = new URL(submitted.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).toBe(REDIRECT);
    expect(target.searchParams.get('code')).toBeTruthy();
    expect(target.searchParams.get('state')).toBe('s1');
    const unregistered = await fetch(
      `${sandbox.url}/oauth/chooselocation?client_id=${app.clientId}&redirect_uri=https://evil.test/&locationId=${locationId}&approve=true`,
      { redirect: 'manual' },
    );
    expect(unregistered.status).toBe(400);
  });

  it('agency token: refused on contacts, mints location tokens with /oauth/locationToken', async () => {
    const app = sandbox.admin.registerApp({ redirectUris: [REDIRECT] });
    const companyId = sandbox.defaultLocation.companyId;
    const { code } = sandbox.admin.authorize({ clientId: app.clientId, companyId });
    const agency = (
      await formPost(`${sandbox.url}/oauth/token`, {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        grant_type: 'authorization_code',
        code,
        user_type: 'Company',
      })
    ).body;
    expect(agency).toMatchObject({ userType: 'Company', companyId });
    expect(agency.approvedLocations).toContain(locationId);
    const onContacts = await caller(sandbox.url, agency.access_token)('GET', `/contacts/${contactId}`);
    expect(onContacts.status).toBe(401);

    const minted = await formPost(
      `${sandbox.url}/oauth/locationToken`,
      { companyId, locationId },
      { authorization: `Bearer ${agency.access_token}`, version: '2021-07-28' },
    );
    expect(minted.status).toBe(200);
    expect(
      schemaErrors(
        schemaFor('oauth.json', '#/components/schemas/GetLocationAccessTokenSuccessfulResponseDto'),
        minted.body,
      ),
    ).toEqual([]);
    expect(minted.body.refresh_token).toBeUndefined();
    expect(
      (await caller(sandbox.url, minted.body.access_token)('GET', `/contacts/${contactId}`)).status,
    ).toBe(200);

    const installed = await caller(sandbox.url, agency.access_token)(
      'GET',
      `/oauth/installedLocations?companyId=${companyId}&appId=${app.appId}&isInstalled=true`,
    );
    expect(installed.status).toBe(200);
    expect(installed.body.locations.map((l: { _id: string }) => l._id)).toContain(locationId);
  });

  it('install and uninstall send INSTALL and UNINSTALL; uninstalled tokens stop working', async () => {
    const { app, tokens } = await connectApp();
    expect(
      sandbox.webhooks.deliveries({ event: 'INSTALL' }).some((d) => JSON.parse(d.body).appId === app.appId),
    ).toBe(true);
    expect(
      (await admin(sandbox.url, 'POST', `/apps/${app.clientId}/uninstall`, { locationId })).body.uninstalled,
    ).toBe(true);
    const uninstall = sandbox.webhooks.deliveries({ event: 'UNINSTALL' }).at(-1)!;
    expect(JSON.parse(uninstall.body)).toMatchObject({ type: 'UNINSTALL', appId: app.appId, locationId });
    expect((await caller(sandbox.url, tokens.access_token)('GET', `/contacts/${contactId}`)).status).toBe(
      401,
    );
  });
});
