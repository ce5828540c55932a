import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, apiHarness, type Json, tagFlowYaml } from './api-support.ts';

describe('REST API: connections', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await apiHarness();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('lists and shows connections without any secret', async () => {
    const list = await api.call('GET', '/api/connections?connector=ghl');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: api.connection.id,
        name: 'ghl-test',
        connector: 'ghl',
        status: 'active',
        scopes: ['contacts.readonly', 'contacts.write'],
        meta: expect.objectContaining({ locationId: api.locationId }),
      }),
    ]);
    const one = await api.call('GET', '/api/connections/ghl-test');
    expect(one.body).toEqual(list.body[0]);
    const pit = api.sandbox.defaultLocation.privateIntegrationToken;
    expect(list.text + one.text).not.toContain(pit);
    expect((await api.call('GET', '/api/connections/nobody')).status).toBe(404);
  });

  it('refuses to delete a connection a flow uses, then deletes it with its secrets', async () => {
    await api.call('POST', '/api/flows', { text: tagFlowYaml('user-of-connection') });
    const refused = await api.call('DELETE', '/api/connections/ghl-test');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('flow "user-of-connection"');
    expect((await api.call('GET', '/api/connections/ghl-test')).status).toBe(200);

    await api.call('DELETE', '/api/flows/user-of-connection');
    expect((await api.call('DELETE', '/api/connections/ghl-test')).status).toBe(204);
    expect((await api.call('GET', '/api/connections/ghl-test')).status).toBe(404);
    expect(await api.runtime.repos.secrets.get(api.connection.id, 'access_token')).toBeUndefined();
    const names = ((await api.call('GET', '/api/connections')).body as Json[]).map((c) => c.name);
    expect(names).not.toContain('ghl-test');
  });
});
