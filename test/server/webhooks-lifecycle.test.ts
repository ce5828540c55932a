import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/store/connections.ts';
import { waitFor } from '../support/databases.ts';
import { type WebhookBridge, webhookBridge } from './webhooks-support.ts';

describe('INSTALL and UNINSTALL webhooks', () => {
  let b: WebhookBridge;
  let app: { clientId: string };

  beforeAll(async () => {
    b = await webhookBridge();
    // Lifecycle events go to the app's own webhook URL.
    b.sandbox.webhooks.setTarget(null);
    app = b.sandbox.admin.registerApp({
      redirectUris: ['http://127.0.0.1:9/callback'],
      webhookUrl: b.webhookUrl,
    });
  });
  afterAll(async () => {
    await b.close();
  });

  async function lifecycleRows(type: string) {
    return b.runtime.store.db.selectFrom('inbox_events').selectAll().where('event_type', '=', type).execute();
  }

  const status = async (id: string) => (await b.runtime.repos.connections.get(id)).status;

  it('stores and reports an INSTALL for a location nobody connected yet, changing nothing', async () => {
    const location = b.sandbox.admin.createLocation({ name: 'Fresh' });
    const connectionsBefore = (await b.runtime.repos.connections.list('ghl')).length;
    b.sandbox.admin.authorize({ clientId: app.clientId, locationId: location.locationId });
    const [row] = await waitFor(async () => {
      const rows = (await lifecycleRows('INSTALL')).filter(
        (r) => JSON.parse(r.payload).locationId === location.locationId,
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(row?.status).toBe('failed');
    expect(row?.error).toMatch(/no connection holds tokens.*ghl-bridge connect ghl/);
    expect((await b.runtime.repos.connections.list('ghl')).length).toBe(connectionsBefore);
  });

  it('UNINSTALL disables the app connection of that location (its events are no longer queued); INSTALL brings it back', async () => {
    const location = b.sandbox.admin.createLocation({ name: 'Installed' });
    // What the OAuth callback leaves behind: a connection with the app's tokens.
    const connection: Connection = await b.runtime.repos.connections.create({
      name: 'ghl-installed',
      connector: 'ghl',
      authType: 'oauth2',
      scopes: ['contacts.readonly', 'contacts.write'],
      meta: {
        locationId: location.locationId,
        clientId: app.clientId,
        userType: 'Location',
        baseUrl: b.sandbox.url,
      },
    });
    await b.runtime.repos.secrets.put(connection.id, 'refresh_token', 'stored-refresh-token');
    b.sandbox.admin.authorize({ clientId: app.clientId, locationId: location.locationId });
    await b.sandbox.webhooks.settled();
    expect(await status(connection.id)).toBe('active');

    expect(b.sandbox.admin.uninstall(app.clientId, { locationId: location.locationId })).toBe(true);
    await b.sandbox.webhooks.settled();
    expect(await status(connection.id)).toBe('disabled');

    // A PIT connection to another location is untouched by the app's lifecycle.
    expect(await status(b.connection.id)).toBe('active');

    b.sandbox.admin.authorize({ clientId: app.clientId, locationId: location.locationId });
    await b.sandbox.webhooks.settled();
    expect(await status(connection.id)).toBe('active');
  });

  it('events of a disabled connection are stored, not queued', async () => {
    const location = b.sandbox.admin.createLocation({ name: 'Gone' });
    const connection = await b.runtime.repos.connections.create({
      name: 'ghl-gone',
      connector: 'ghl',
      authType: 'oauth2',
      scopes: ['contacts.readonly'],
      meta: { locationId: location.locationId, clientId: app.clientId, baseUrl: b.sandbox.url },
    });
    await b.runtime.repos.connections.update(connection.id, { status: 'disabled' });
    const body = JSON.stringify({
      type: 'ContactCreate',
      locationId: location.locationId,
      id: 'contact-after-uninstall',
      webhookId: 'wh-after-uninstall',
      timestamp: new Date().toISOString(),
    });
    const answer = await b.post(body, b.signed(body));
    expect(answer).toMatchObject({ status: 200, body: { status: 'unmatched' } });
    const row = await b.runtime.store.db
      .selectFrom('inbox_events')
      .selectAll()
      .where('dedupe_key', '=', 'wh-after-uninstall')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ connection_id: connection.id, status: 'failed' });
    expect(row.error).toContain('disabled');
  });

  it('an INSTALL on a location of an agency the bridge holds adds that location connection', async () => {
    const location = b.sandbox.admin.createLocation({ name: 'Agency child' });
    const agency = await b.runtime.repos.connections.create({
      name: 'ghl-agency',
      connector: 'ghl',
      authType: 'oauth2',
      scopes: ['contacts.readonly', 'contacts.write', 'oauth.write'],
      meta: {
        companyId: location.companyId,
        userType: 'Company',
        clientId: app.clientId,
        baseUrl: b.sandbox.url,
      },
    });
    await b.runtime.repos.secrets.put(agency.id, 'refresh_token', 'agency-refresh-token');
    b.sandbox.admin.authorize({ clientId: app.clientId, locationId: location.locationId });
    await b.sandbox.webhooks.settled();
    const created = (await b.runtime.repos.connections.list('ghl')).find(
      (c) => c.meta.locationId === location.locationId,
    );
    expect(created).toMatchObject({
      status: 'active',
      authType: 'oauth2',
      scopes: ['contacts.readonly', 'contacts.write'],
      meta: { agencyConnectionId: agency.id, companyId: location.companyId, userType: 'Location' },
    });
  });

  it('ignores a lifecycle event older than the last one applied', async () => {
    const location = b.sandbox.admin.createLocation({ name: 'Out of order' });
    const connection = await b.runtime.repos.connections.create({
      name: 'ghl-order',
      connector: 'ghl',
      authType: 'oauth2',
      scopes: ['contacts.readonly'],
      meta: { locationId: location.locationId, clientId: app.clientId, baseUrl: b.sandbox.url },
    });
    await b.runtime.repos.secrets.put(connection.id, 'refresh_token', 'r');
    const event = (type: string, at: number, id: string) =>
      JSON.stringify({
        type,
        appId: app.clientId.split('-')[0],
        locationId: location.locationId,
        webhookId: id,
        timestamp: new Date(at).toISOString(),
      });
    const now = Date.now();
    const uninstall = event('UNINSTALL', now, 'wh-order-uninstall');
    expect((await b.post(uninstall, b.signed(uninstall))).status).toBe(200);
    const lateInstall = event('INSTALL', now - 60_000, 'wh-order-install');
    expect((await b.post(lateInstall, b.signed(lateInstall))).body.status).toBe('stale');
    expect(await status(connection.id)).toBe('disabled');
  });
});
