import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { admin, caller, startSandbox } from '../support/ghl-sandbox.ts';

let sandbox: GhlSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

async function freshLocation(settings: Record<string, unknown> = {}) {
  const location = (await admin(sandbox.url, 'POST', '/locations', settings)).body;
  return { ...location, call: caller(sandbox.url, location.privateIntegrationToken) };
}

describe('duplicate rules follow the location setting', () => {
  it('create on a location that disallows duplicates: 400 with meta.contactId', async () => {
    const { locationId, call } = await freshLocation();
    const first = (
      await call('POST', '/contacts/', { locationId, firstName: 'Ann', lastName: 'Lee', email: 'ann@b.co' })
    ).body.contact;
    const again = await call('POST', '/contacts/', { locationId, email: 'ANN@b.co' });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({
      statusCode: 400,
      message: 'This location does not allow duplicated contacts.',
      meta: { contactId: first.id, contactName: 'Ann Lee', matchingField: 'email' },
    });
    await call('PUT', `/contacts/${first.id}`, { phone: '+15550001111' });
    const byPhone = await call('POST', '/contacts/', { locationId, phone: '(555) 000-1111' });
    expect(byPhone.body.meta).toMatchObject({ contactId: first.id, matchingField: 'phone' });
  });

  it('allowing duplicates (set via admin) lets create make a second contact', async () => {
    const { locationId, call } = await freshLocation();
    await call('POST', '/contacts/', { locationId, email: 'dup@b.co' });
    await admin(sandbox.url, 'PUT', `/locations/${locationId}/settings`, { allowDuplicateContact: true });
    expect((await call('POST', '/contacts/', { locationId, email: 'dup@b.co' })).status).toBe(201);
  });

  it('upsert updates the first match in priority order and drops the identifier of another contact', async () => {
    const { locationId, call } = await freshLocation();
    const byEmail = (await call('POST', '/contacts/', { locationId, email: 'e@b.co' })).body.contact;
    const byPhone = (await call('POST', '/contacts/', { locationId, phone: '+15559990000' })).body.contact;
    const answer = await call('POST', '/contacts/upsert', {
      locationId,
      email: 'e@b.co',
      phone: '+15559990000',
      firstName: 'Merged',
      tags: ['replaced'],
    });
    expect(answer.body.new).toBe(false);
    expect(answer.body.contact).toMatchObject({ id: byEmail.id, firstName: 'Merged', tags: ['replaced'] });
    expect(answer.body.contact.phone).toBeUndefined();
    expect((await call('GET', `/contacts/${byPhone.id}`)).body.contact.phone).toBe('+15559990000');

    await admin(sandbox.url, 'PUT', `/locations/${locationId}/settings`, {
      duplicatePriority: ['phone', 'email'],
    });
    const phoneFirst = await call('POST', '/contacts/upsert', {
      locationId,
      email: 'e@b.co',
      phone: '+15559990000',
    });
    expect(phoneFirst.body.contact.id).toBe(byPhone.id);
    expect(phoneFirst.body.contact.email).toBeUndefined();
  });

  it('createNewIfDuplicateAllowed creates only when the location allows duplicates', async () => {
    const { locationId, call } = await freshLocation();
    const existing = (await call('POST', '/contacts/', { locationId, email: 'n@b.co' })).body.contact;
    const ignored = await call('POST', '/contacts/upsert', {
      locationId,
      email: 'n@b.co',
      createNewIfDuplicateAllowed: true,
    });
    expect(ignored.body).toMatchObject({ new: false, contact: { id: existing.id } });
    sandbox.admin.setAllowDuplicates(locationId, true);
    const created = await call('POST', '/contacts/upsert', {
      locationId,
      email: 'n@b.co',
      createNewIfDuplicateAllowed: true,
    });
    expect(created.body.new).toBe(true);
    expect(created.body.contact.id).not.toBe(existing.id);
    const normal = await call('POST', '/contacts/upsert', { locationId, email: 'n@b.co' });
    expect(normal.body.new).toBe(false);
  });

  it('duplicate lookup finds by email, then by phone', async () => {
    const { locationId, call } = await freshLocation();
    const contact = (await call('POST', '/contacts/', { locationId, email: 'l@b.co', phone: '+14231645160' }))
      .body.contact;
    const byNumber = await call(
      'GET',
      `/contacts/search/duplicate?locationId=${locationId}&number=%2B14231645160`,
    );
    expect(byNumber.body.contact.id).toBe(contact.id);
    const byEmail = await call('GET', `/contacts/search/duplicate?locationId=${locationId}&email=L%40b.co`);
    expect(byEmail.body.contact.id).toBe(contact.id);
    const none = await call('GET', `/contacts/search/duplicate?locationId=${locationId}&email=none%40b.co`);
    expect(none.body).toEqual({ contact: null });
  });
});
