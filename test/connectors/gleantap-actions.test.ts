import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectGleantap } from '../../src/connectors/gleantap/connect.ts';
import { connectGleap } from '../../src/connectors/gleap/connect.ts';
import { ApiError, AuthError, ValidationError } from '../../src/kernel/errors.ts';
import { gleantapSchemas } from '../../src/sandbox/gleantap/spec.ts';
import { type AppHarness, appHarness } from '../support/app-harness.ts';
import { expectSchema, type Json } from '../support/app-sandboxes.ts';

const schemas = gleantapSchemas();
let h: AppHarness;
beforeAll(async () => {
  h = await appHarness({ gleantap: { seed: { customers: 3, events: 0 } } });
});
afterAll(() => h.close());

const run = <T = Json>(action: string, input: unknown) => h.run<T>(`gleantap.${action}`, input);
const sent = () => h.gleantap.admin.log.list({}).length;
const customers = () => h.gleantap.admin.customers(h.gleantapAppId);

describe('Gleantap actions: contacts', () => {
  it('creates a contact, finds it, updates it by user id with tags and custom attributes', async () => {
    const created = await run('upsert-contact', {
      first_name: 'Maya',
      last_name: 'Lopez',
      email: 'maya@example.com',
      user_id: 'ghl-1',
      city: 'Austin',
      tags: ['member', 'yoga'],
      custom: { favourite_class: 'spin' },
    });
    expect(created.contactId).toMatch(/^[0-9a-f]{24}$/);
    const count = customers().length;

    const again = await run('upsert-contact', {
      first_name: 'Maya',
      last_name: 'Lopez',
      user_id: 'ghl-1',
      city: 'Dallas',
      tags: ['yoga'],
      tag_action: 'remove',
    });
    expect(again.contactId).toBe(created.contactId);
    expect(customers()).toHaveLength(count);

    const found = await run('get-customers', { user_id: 'ghl-1', fulldata: true });
    expectSchema(schemas.response('getCustomers'), { members: found.members });
    expect(found.members).toHaveLength(1);
    expect(found.members[0]).toMatchObject({
      id: created.contactId,
      firstname: 'Maya',
      email: 'maya@example.com',
      city: 'Dallas',
      tags: 'member',
      favourite_class: 'spin',
    });
    expect(found.nextOffset).toBeNull();
  });

  it('pages with limit and offset and filters on the day of the last change', async () => {
    const first = await run('get-customers', { limit: 2 });
    expect(first.members).toHaveLength(2);
    expect(first.nextOffset).toBe(2);
    const all = await run('get-customers', { limit: 1000 });
    const rest = await run('get-customers', { limit: 1000, offset: 2 });
    expect([...first.members, ...rest.members].map((m: Json) => m.id)).toEqual(
      all.members.map((m: Json) => m.id),
    );
    const future = await run('get-customers', { updated_since: '2999-01-01' });
    expect(future.members).toEqual([]);
  });

  it('refuses a tag with a comma, a custom attribute named like a field, and a date-time as a date, sending nothing', async () => {
    const before = sent();
    const bad = [
      { first_name: 'A', last_name: 'B', tags: ['a,b'] },
      { first_name: 'A', last_name: 'B', custom: { email: 'x' } },
    ];
    for (const input of bad)
      expect(await run('upsert-contact', input).catch((e: Error) => e)).toBeInstanceOf(ValidationError);
    const when = await run('get-customers', { updated_since: '2025-03-10T10:00:00Z' }).catch((e: Error) => e);
    expect((when as Error).message).toContain('input.updated_since');
    expect(sent()).toBe(before);
  });

  it('merges two contacts: the one to keep remains and gets what it lacked', async () => {
    const keep = (await run('upsert-contact', { first_name: 'Sam', last_name: 'Keep', user_id: 'keep-1' }))
      .contactId;
    const merged = (
      await run('upsert-contact', { first_name: 'Sam', last_name: 'Dup', email: 'sam@example.com' })
    ).contactId;
    const answer = await run('merge-contacts', { keepContactId: keep, mergeContactId: merged });
    expectSchema(schemas.response('mergeContacts'), { status: answer.status, message: answer.message });
    expect(answer).toMatchObject({ status: true, keptContactId: keep });
    const ids = customers().map((c) => c.id);
    expect(ids).toContain(keep);
    expect(ids).not.toContain(merged);
    expect(h.gleantap.admin.customer(h.gleantapAppId, keep).email).toBe('sam@example.com');
    expect(
      await run('merge-contacts', { keepContactId: keep, mergeContactId: keep }).catch((e: Error) => e),
    ).toBeInstanceOf(ValidationError);
  });

  it('removes a contact; removing it again is refused by Gleantap', async () => {
    const id = (await run('upsert-contact', { first_name: 'Gone', last_name: 'Soon', user_id: 'gone-1' }))
      .contactId;
    expect(await run('remove-contact', { contactId: id })).toEqual({
      removed: true,
      contactId: id,
      result: 'success',
    });
    expect(customers().map((c) => c.id)).not.toContain(id);
    const again = await run('remove-contact', { contactId: id }).catch((e: Error) => e);
    expect(again).toBeInstanceOf(ApiError);
    expect((again as ApiError).status).toBe(400);
  });
});

describe('Gleantap actions: opt-ins, events and SMS', () => {
  it('sends the double opt-in; the contact is listed as opted in once it replies YES', async () => {
    const answer = await run('sms-opt-in', {
      phone: '+15550104242',
      email: 'optin@example.com',
      user_id: 'opt-1',
    });
    expectSchema(schemas.response('optin'), answer);
    const contact = customers().find((c) => c.user_id === 'opt-1');
    expect(contact?.sms_optin).toBe('pending');
    expect(h.gleantap.admin.smsOutbox(h.gleantapAppId).at(-1)).toMatchObject({ kind: 'optin_confirmation' });
    expect((await run('get-opted-in-customers', {})).members.map((m: Json) => m.id)).not.toContain(
      contact?.id,
    );

    h.gleantap.admin.confirmOptIn(h.gleantapAppId, contact?.id ?? '');
    const optedIn = await run('get-opted-in-customers', { limit: 1000 });
    expectSchema(schemas.response('getOptinCustomers'), { members: optedIn.members });
    expect(optedIn.members.map((m: Json) => m.id)).toContain(contact?.id);
    const minor = await run('sms-opt-in', {
      phone: '+15550104243',
      email: 'kid@example.com',
      user_id: 'kid',
      dob: '2020-01-01',
    }).catch((e: Error) => e);
    expect((minor as ApiError).status).toBe(400);
    expect((minor as Error).message).toContain('age restriction');
  });

  it('records an event (a GHL note stands as one); the same event id replaces it', async () => {
    await run('upsert-contact', { first_name: 'Eve', last_name: 'Event', user_id: 'ev-1' });
    const input = {
      eventId: 'ghl-note-1',
      user_id: 'ev-1',
      event_type: 'ghl_note',
      event_name: 'Note from GHL',
      event_date: '2025-09-01',
      event_time: '09:30 AM',
      event_data: { body: 'Prefers evening classes' },
    };
    expect(await run('create-event', input)).toEqual({ eventId: 'ghl-note-1', result: 'success' });
    await run('create-event', { ...input, event_data: { body: 'Prefers morning classes' } });
    const events = h.gleantap.admin.events(h.gleantapAppId).filter((e) => e.id === 'ghl-note-1');
    expect(events).toHaveLength(1);
    expect(events[0]?.event_data).toEqual({ body: 'Prefers morning classes' });
    const withEvents = await run('get-customers', { user_id: 'ev-1', events: true });
    expect(withEvents.members[0].events.map((e: Json) => e.event_type)).toEqual(['ghl_note']);

    const unknown = await run('create-event', { ...input, eventId: 'x', user_id: 'nobody' }).catch(
      (e: Error) => e,
    );
    expect((unknown as ApiError).status).toBe(400);
  });

  it('sends an SMS; a number that replied STOP is refused as not sent', async () => {
    const id = (
      await run('upsert-contact', {
        first_name: 'Txt',
        last_name: 'Me',
        phone: '+15550107777',
        user_id: 'sms-1',
      })
    ).contactId;
    const answer = await run('send-sms', {
      to_number: '+1 (555) 010-7777',
      message: 'Class moved to 6pm',
      contactId: id,
    });
    expectSchema(schemas.response('sendSmsNotification'), answer);
    expect(answer).toMatchObject({ status: true, service_type: 'twilio', phone: '+15550107777' });
    expect(h.gleantap.admin.smsOutbox(h.gleantapAppId).at(-1)).toMatchObject({
      message: 'Class moved to 6pm',
    });

    h.gleantap.admin.optOut(h.gleantapAppId, id, 'sms');
    const refused = await run('send-sms', { to_number: '+15550107777', message: 'Hello again' }).catch(
      (e: Error) => e,
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(500);
    expect((refused as Error).message).toContain('STOP');

    const optedOut = await run('get-opted-out-customers', { type: 'sms', limit: 1000 });
    expectSchema(schemas.response('getOptoutCustomers'), { members: optedOut.members });
    expect(optedOut.members.map((m: Json) => m.id)).toContain(id);
    expect(
      (await run('get-opted-out-customers', { type: 'email' })).members.map((m: Json) => m.id),
    ).not.toContain(id);
  });
});

describe('connecting Gleap and Gleantap', () => {
  it('refuses wrong keys and saves nothing', async () => {
    const before = (await h.services.connections.list()).length;
    const gleantap = await connectGleantap(h.services, {
      name: 'bad-gleantap',
      appId: h.gleantapAppId,
      apiKey: 'wrong',
      secretKey: 'wrong',
      baseUrl: h.gleantap.url,
    }).catch((e: Error) => e);
    expect(gleantap).toBeInstanceOf(AuthError);
    const gleap = await connectGleap(h.services, {
      name: 'bad-gleap',
      apiKey: 'wrong',
      projectId: h.gleapProjectId,
      baseUrl: h.gleap.url,
    }).catch((e: Error) => e);
    expect(gleap).toBeInstanceOf(AuthError);
    const otherProject = h.gleap.admin.createProject();
    const mismatch = await connectGleap(h.services, {
      name: 'bad-gleap',
      apiKey: otherProject.apiKey,
      projectId: h.gleapProjectId,
      baseUrl: h.gleap.url,
    }).catch((e: Error) => e);
    expect((mismatch as Error).message).toContain(`does not belong to Gleap project ${h.gleapProjectId}`);
    expect((await h.services.connections.list()).length).toBe(before);
  });

  it('stores the keys encrypted, never in clear', async () => {
    const rows = await h.store.db.selectFrom('secrets').select(['ciphertext']).execute();
    const account = h.gleantap.admin.accounts()[0];
    for (const row of rows) {
      expect(row.ciphertext).not.toContain(account?.secretKey);
      expect(row.ciphertext).not.toContain(account?.apiKey);
    }
  });
});
