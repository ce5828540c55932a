import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { admin, caller, startSandbox } from '../support/ghl-sandbox.ts';

const dir = mkdtempSync(join(tmpdir(), 'ghl-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('admin API', () => {
  it('reset goes back to the start state and keeps the default credentials', async () => {
    const sandbox = await startSandbox({ seed: 10 });
    try {
      const { locationId, privateIntegrationToken } = sandbox.defaultLocation;
      const call = caller(sandbox.url, privateIntegrationToken);
      await call('POST', '/contacts/', { locationId, email: 'gone@b.co' });
      await admin(sandbox.url, 'POST', '/locations', { name: 'Extra' });
      expect((await admin(sandbox.url, 'POST', '/reset')).body).toEqual({ reset: true });
      const locations = (await admin(sandbox.url, 'GET', '/locations')).body.locations;
      expect(locations).toEqual([expect.objectContaining({ locationId, contacts: 10 })]);
      expect((await call('POST', '/contacts/search', { locationId, pageLimit: 1 })).body.total).toBe(10);
      expect(sandbox.requests.list()).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  });

  it('a snapshot file keeps data, credentials and signing keys across restarts', async () => {
    const snapshotFile = join(dir, 'ghl.json');
    const first = await startSandbox({ seed: 3, snapshotFile });
    const { locationId, privateIntegrationToken } = first.defaultLocation;
    const created = (
      await caller(first.url, privateIntegrationToken)('POST', '/contacts/', {
        locationId,
        email: 'kept@b.co',
      })
    ).body.contact;
    const app = first.admin.registerApp({ redirectUris: ['https://x.test/cb'] });
    const key = first.admin.publicKeys().ed25519;
    await first.close();

    const second = await startSandbox({ seed: 3, snapshotFile });
    try {
      expect(second.defaultLocation.locationId).toBe(locationId);
      const call = caller(second.url, privateIntegrationToken);
      expect((await call('GET', `/contacts/${created.id}`)).body.contact.email).toBe('kept@b.co');
      expect((await call('POST', '/contacts/search', { locationId, pageLimit: 1 })).body.total).toBe(4);
      expect(second.admin.listApps().map((a) => a.clientId)).toContain(app.clientId);
      expect(second.admin.publicKeys().ed25519).toBe(key);
    } finally {
      await second.close();
    }
  });

  it('lists locations and apps without secrets', async () => {
    const sandbox = await startSandbox();
    try {
      const app = (await admin(sandbox.url, 'POST', '/apps', { redirectUris: ['https://x.test/cb'] })).body;
      expect(app.clientId).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
      expect(app.clientId.split('-')[0]).toBe(app.appId);
      const apps = (await admin(sandbox.url, 'GET', '/apps')).body.apps;
      expect(apps[0].clientSecret).toBeUndefined();
      const bad = await admin(sandbox.url, 'POST', '/locations', { duplicatePriority: ['fax'] });
      expect(bad.status).toBe(400);
    } finally {
      await sandbox.close();
    }
  });
});
