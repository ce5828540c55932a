import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type ApiHarness, apiHarness, type Json, tagFlowYaml } from './api-support.ts';

const badDocument = {
  name: 'broken',
  trigger: { event: 'ghl.no-such-trigger' },
  steps: [
    { key: 'tag', action: 'ghl.no-such-action', connection: 'ghl-test', input: {} },
    { key: 'note', action: 'ghl.create-note', connection: 'nobody', input: { contactId: 'trigger.(' } },
  ],
};

describe('REST API: flows', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await apiHarness();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('imports YAML, and exports the same document as YAML and as JSON', async () => {
    const yaml = tagFlowYaml('round-trip');
    const created = await api.call('POST', '/api/flows', { text: yaml });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/flows/${created.body.id}`);
    expect(created.body).toMatchObject({ name: 'round-trip', enabled: false, version: 1 });

    const asYaml = await api.call('GET', '/api/flows/round-trip/export?format=yaml');
    expect(asYaml.status).toBe(200);
    expect(asYaml.headers.get('content-type')).toContain('application/yaml');
    expect(parseYaml(asYaml.text)).toEqual(parseYaml(yaml));

    const asJson = await api.call('GET', `/api/flows/${created.body.id}/export`);
    expect(asJson.body).toEqual(parseYaml(yaml));

    // Re-importing the export replaces the flow of that name and exports the same text again.
    const again = await api.call('POST', '/api/flows', { text: asYaml.text });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: created.body.id, version: 2 });
    expect((await api.call('GET', '/api/flows/round-trip/export?format=yaml')).text).toBe(asYaml.text);
  });

  it('refuses a bad document with every problem and its path, storing nothing', async () => {
    const before = (await api.call('GET', '/api/flows')).body as Json[];
    const refused = await api.call('POST', '/api/flows', { body: badDocument });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'ValidationError', code: 'validation' });
    const paths = (refused.body.issues as Json[]).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'trigger.event',
        'steps[0].action',
        'steps[1].connection',
        'steps[1].input.contactId',
        'steps[1].input.body',
      ]),
    );
    expect((await api.call('GET', '/api/flows')).body).toEqual(before);
    expect((await api.call('GET', '/api/flows/broken')).status).toBe(404);
  });

  it('leaves a stored flow as it was when its replacement is refused', async () => {
    const saved = (await api.call('POST', '/api/flows', { text: tagFlowYaml('kept') })).body;
    const refused = await api.call('PUT', `/api/flows/${saved.id}`, {
      body: { ...badDocument, name: 'kept' },
    });
    expect(refused.status).toBe(400);
    const after = await api.call('GET', `/api/flows/${saved.id}`);
    expect(after.body).toEqual(saved);

    const unparsable = await api.call('PUT', `/api/flows/${saved.id}`, { text: 'name: [unclosed' });
    expect(unparsable.status).toBe(400);
    expect(unparsable.body.issues[0].message).toMatch(/neither JSON nor YAML/);
    expect((await api.call('GET', `/api/flows/${saved.id}`)).body).toEqual(saved);
  });

  it('replaces and renames through PUT, refusing a name another flow holds', async () => {
    const first = (await api.call('POST', '/api/flows', { text: tagFlowYaml('first') })).body;
    await api.call('POST', '/api/flows', { text: tagFlowYaml('second') });

    const clash = await api.call('PUT', `/api/flows/${first.id}`, { text: tagFlowYaml('second', 'x') });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('conflict');

    const renamed = await api.call('PUT', `/api/flows/${first.id}`, {
      text: tagFlowYaml('first-renamed', 'vip'),
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: first.id, name: 'first-renamed', version: 2 });
    expect(renamed.body.definition.steps[0].input.tags).toBe("['vip']");
    expect((await api.call('GET', '/api/flows/first')).status).toBe(404);
    expect((await api.call('PUT', '/api/flows/nothing-here', { text: tagFlowYaml('x') })).status).toBe(404);
  });

  it('switches a flow on and off, and deletes it', async () => {
    await api.call('POST', '/api/flows', { text: tagFlowYaml('switch') });
    expect((await api.call('POST', '/api/flows/switch/enable')).body.enabled).toBe(true);
    expect((await api.call('GET', '/api/flows/switch')).body.enabled).toBe(true);
    expect((await api.call('POST', '/api/flows/switch/disable')).body.enabled).toBe(false);

    expect((await api.call('DELETE', '/api/flows/switch')).status).toBe(204);
    const gone = await api.call('GET', '/api/flows/switch');
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'not_found', message: expect.stringContaining('switch') });
  });

  it('dry-runs a saved flow: shows the write it would send', async () => {
    await api.call('POST', '/api/flows', { text: tagFlowYaml('dry') });
    const sample = { type: 'ContactCreate', locationId: api.locationId, id: 'contact-in-sample' };
    const result = await api.call('POST', '/api/flows/dry/test', { body: { sample } });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ mode: 'dry-run', filterPassed: true });
    expect(result.body.steps[0]).toMatchObject({ key: 'tag', status: 'would-run' });
    expect(result.body.steps[0].requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/contacts/contact-in-sample/tags',
        body: { tags: ['new'] },
      }),
    ]);

    const badMode = await api.call('POST', '/api/flows/dry/test', { body: { mode: 'maybe' } });
    expect(badMode.status).toBe(400);
    expect(badMode.body.issues[0].path).toBe('body.mode');
  });

  it('runs an unsaved document live against the sandbox, after checking it', async () => {
    const { contact } = await api.ghl<{ contact: { id: string } }>('create-contact', {
      firstName: 'Live',
      email: `live-${Date.now()}@example.com`,
    });
    const sample = { type: 'ContactCreate', locationId: api.locationId, id: contact.id };
    const result = await api.call('POST', '/api/flows/test', {
      body: { flow: tagFlowYaml('unsaved', 'tested-live'), sample, mode: 'live' },
    });
    expect(result.status).toBe(200);
    expect(result.body.steps[0]).toMatchObject({ status: 'succeeded', output: { tags: ['tested-live'] } });
    const stored = await api.ghl<{ contact: { tags: string[] } }>('get-contact', { contactId: contact.id });
    expect(stored.contact.tags).toContain('tested-live');
    expect((await api.call('GET', '/api/flows/unsaved')).status).toBe(404);

    const refused = await api.call('POST', '/api/flows/test', { body: { flow: badDocument } });
    expect(refused.status).toBe(400);
    expect(refused.body.issues.map((issue: Json) => issue.path)).toContain('steps[0].action');
  });

  it('answers malformed bodies and server faults with the same error shape, hiding internals', async () => {
    const malformed = await api.call('POST', '/api/flows', {
      text: '{"name":',
      contentType: 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'request', message: expect.any(String) });

    const unsupported = await api.call('POST', '/api/flows', { text: 'x', contentType: 'application/xml' });
    expect(unsupported.status).toBe(415);

    await api.runtime.store.close();
    const fault = await api.call('GET', '/api/flows');
    expect(fault.status).toBe(500);
    expect(fault.body).toEqual({
      error: 'InternalError',
      code: 'internal',
      message: expect.stringMatching(/^Internal error \(request .+\); the details are in the server log\.$/),
    });
  });
});
