import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../src/connectors/registry.ts';
import { type ApiHarness, apiHarness, type Json } from './api-support.ts';

describe('REST API: catalog', () => {
  let api: ApiHarness;
  let catalog: Json;

  beforeAll(async () => {
    api = await apiHarness();
    catalog = (await api.call('GET', '/api/catalog')).body;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('gives per connector the totals of its actions and triggers, as registered', () => {
    expect(catalog.connectors.map((c: Json) => c.key)).toEqual(connectors.map((c) => c.key));
    for (const connector of connectors) {
      const summary = catalog.connectors.find((c: Json) => c.key === connector.key);
      expect(summary).toMatchObject({
        actions: connector.actions.length,
        triggers: connector.triggers.length,
      });
      const entries = catalog.entries.filter((e: Json) => e.connector === connector.key);
      expect(entries.filter((e: Json) => e.kind === 'action').map((e: Json) => e.key)).toEqual(
        connector.actions.map((a) => `${connector.key}.${a.key}`),
      );
      expect(entries.filter((e: Json) => e.kind === 'trigger').map((e: Json) => e.key)).toEqual(
        connector.triggers.map((t) => `${connector.key}.${t.key}`),
      );
    }
  });

  it('describes each entry with its schemas, scopes and, for triggers, kind and sample', async () => {
    const action = await api.call('GET', '/api/catalog/ghl.add-tags');
    expect(action.status).toBe(200);
    expect(action.body).toMatchObject({ kind: 'action', connector: 'ghl', scopes: ['contacts.write'] });
    expect(action.body.input.required).toEqual(expect.arrayContaining(['contactId', 'tags']));
    expect(action.body.output.properties).toHaveProperty('tags');

    const trigger = await api.call('GET', '/api/catalog/ghl.contact-created');
    expect(trigger.body).toMatchObject({
      kind: 'trigger',
      triggerKind: 'webhook',
      events: ['ContactCreate'],
    });
    expect(trigger.body.sample).toMatchObject({ type: 'ContactCreate' });

    const unknown = await api.call('GET', '/api/catalog/ghl.teleport');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('ghl.teleport');
  });
});
