import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GleantapSandbox, startGleantapSandbox } from '../../src/sandbox/gleantap/index.ts';
import { type GleantapOperation, gleantapSchemas } from '../../src/sandbox/gleantap/spec.ts';
import { adminCall, expectSchema, gleantapCaller, type Json } from '../support/app-sandboxes.ts';

let sandbox: GleantapSandbox;
const schemas = gleantapSchemas();

beforeAll(async () => {
  sandbox = await startGleantapSandbox();
});
afterAll(() => sandbox.close());

/** A fresh account and a caller that checks every 200 answer against the description's schema. */
function newAccount() {
  const credentials = sandbox.admin.createAccount();
  const call = gleantapCaller(sandbox.url, credentials);
  const checked = async (operation: GleantapOperation, body: Record<string, unknown> = {}) => {
    const method =
      operation === 'sendSmsNotification' ? `sendSmsNotification/${credentials.appId}` : operation;
    const answer = await call(method, body);
    if (answer.status === 200) expectSchema(schemas.response(operation), answer.body);
    return answer;
  };
  return { credentials, call: checked };
}

const members = (answer: { body: Json }) => answer.body.members as Json[];

describe('Gleantap sandbox: contacts', () => {
  it('creates a contact with newContact, then updates it when user_id matches', async () => {
    const { call } = newAccount();
    const created = await call('newContact', {
      first_name: 'Rosa',
      last_name: 'Diaz',
      email: 'rosa@example.com',
      phone: '+15550100042',
      user_id: 'ghl-1',
      location: 'Downtown Studio',
      tags: 'yoga,trial',
      favorite_class: 'Spin',
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ status: 'success', _id: expect.stringMatching(/^[0-9a-f]{24}$/) });

    const updated = await call('newContact', {
      first_name: 'Rosa',
      last_name: 'Diaz-Ruiz',
      user_id: 'ghl-1',
    });
    expect(updated.body._id).toBe(created.body._id);
    const list = await call('getCustomers', {});
    expect(members(list)).toEqual([
      {
        id: created.body._id,
        firstname: 'Rosa',
        lastname: 'Diaz-Ruiz',
        email: 'rosa@example.com',
        phone: '+15550100042',
        last_location: 'Downtown Studio',
        email_optout: 0,
        sms_optout: 0,
        created_date: expect.any(String),
      },
    ]);
    const full = await call('getCustomers', { _id: created.body._id, fulldata: true });
    expect(members(full)[0]).toMatchObject({
      user_id: 'ghl-1',
      tags: 'yoga,trial',
      favorite_class: 'Spin',
      sales_notes: [],
    });
  });

  it('matches an existing contact by email and first name, or by phone and first name; otherwise creates', async () => {
    const { call } = newAccount();
    const first = (
      await call('newContact', { first_name: 'Sam', last_name: 'Lee', email: 'sam@example.com' })
    ).body._id;
    const sameEmail = (
      await call('newContact', {
        first_name: 'sam',
        last_name: 'Lee',
        email: 'SAM@example.com',
        city: 'Austin',
      })
    ).body._id;
    expect(sameEmail).toBe(first);
    const otherName = (
      await call('newContact', { first_name: 'Samantha', last_name: 'Lee', email: 'sam@example.com' })
    ).body._id;
    expect(otherName).not.toBe(first);
    const withPhone = (
      await call('newContact', { first_name: 'Kai', last_name: 'Ono', phone: '+1 (555) 010-0077' })
    ).body._id;
    expect(
      (await call('newContact', { first_name: 'Kai', last_name: 'Ono', phone: '5550100077' })).body._id,
    ).toBe(withPhone);
    expect(members(await call('getCustomers', {}))).toHaveLength(3);
  });

  it('adds and removes tags, and refuses bodies the description does not allow', async () => {
    const { call } = newAccount();
    const id = (await call('newContact', { first_name: 'Tia', last_name: 'M', user_id: 't', tags: 'a,b' }))
      .body._id;
    await call('newContact', {
      first_name: 'Tia',
      last_name: 'M',
      user_id: 't',
      tags: 'c',
      tag_action: 'add',
    });
    await call('newContact', {
      first_name: 'Tia',
      last_name: 'M',
      user_id: 't',
      tags: 'a',
      tag_action: 'remove',
    });
    expect(members(await call('getCustomers', { _id: id, fulldata: true }))[0].tags).toBe('b,c');

    const missingName = await call('newContact', { first_name: 'Only' });
    expect(missingName).toMatchObject({ status: 400, body: { status: false } });
    expect(missingName.body.message).toContain('last_name');
    expect(
      (await call('newContact', { first_name: 'A', last_name: 'B', email: 'not-an-email' })).status,
    ).toBe(400);
    expect((await call('newContact', { first_name: 'A', last_name: 'B', tag_action: 'toggle' })).status).toBe(
      400,
    );
    expect((await call('getCustomers', { limit: 1001 })).status).toBe(400);
    expect((await call('getCustomers', { limit: '10' })).status).toBe(400);
    expect(members(await call('getCustomers', {}))).toHaveLength(1);
  });

  it('removes a contact and merges two (from_contact remains, to_contact is merged and deleted)', async () => {
    const { call } = newAccount();
    const kept = (await call('newContact', { first_name: 'Ana', last_name: 'K', user_id: 'keep', tags: 'x' }))
      .body._id;
    const gone = (
      await call('newContact', {
        first_name: 'Ana',
        last_name: 'K',
        user_id: 'dup',
        phone: '+15550100100',
        tags: 'y',
      })
    ).body._id;
    await call('newEvent', { user_id: 'dup', id: 'e-1', event_type: 'visit', event_date: '2025-03-01' });
    const merged = await call('mergeContacts', { from_contact: kept, to_contact: gone });
    expect(merged.body).toEqual({ status: true, message: 'Contacts merged successfully' });
    const after = members(await call('getCustomers', { fulldata: true, events: true }));
    expect(after.map((m) => m.id)).toEqual([kept]);
    expect(after[0]).toMatchObject({
      phone: '+15550100100',
      tags: 'x,y',
      events: [{ id: 'e-1', event_type: 'visit' }],
    });
    expect((await call('mergeContacts', { from_contact: kept, to_contact: gone })).status).toBe(400);

    expect((await call('removeContact', { id: kept })).body).toEqual({ result: 'success' });
    expect(members(await call('getCustomers', {}))).toEqual([]);
    expect((await call('removeContact', { id: kept })).status).toBe(400);
  });

  it('records events on a contact (the same event id replaces the event) and refuses unknown contacts', async () => {
    const { call } = newAccount();
    await call('newContact', { first_name: 'Eve', last_name: 'N', user_id: 'eve' });
    const event = {
      user_id: 'eve',
      id: 'booking-7',
      event_type: 'booking',
      event_name: 'PT session',
      event_date: '2025-04-02',
      event_time: '06:30 PM',
      event_data: { staff: 'John Doe', status: 'completed' },
    };
    expect((await call('newEvent', event)).body).toEqual({ result: 'success' });
    await call('newEvent', { ...event, event_time: '04:31:54', event_data: [{ status: 'moved' }] });
    const withEvents = members(await call('getCustomers', { events: true }))[0];
    expect(withEvents.events).toEqual([
      {
        id: 'booking-7',
        event_type: 'booking',
        event_name: 'PT session',
        event_date: '2025-04-02',
        event_time: '04:31:54',
        event_data: [{ status: 'moved' }],
      },
    ]);
    expect((await call('newEvent', { ...event, user_id: 'nobody' })).status).toBe(400);
    expect((await call('newEvent', { ...event, event_date: '04/02/2025' })).status).toBe(400);
    const sinceLater = await call('getCustomers', { event_since_date: '2025-04-03' });
    expect(members(sinceLater)).toEqual([]);
  });
});

describe('Gleantap sandbox: SMS opt-in, opt-out lists and SMS', () => {
  it('runs the double opt-in: pending until the contact replies, then listed as opted in', async () => {
    const { credentials, call } = newAccount();
    const request = { phone: '+15550100200', email: 'opt@example.com', user_id: 'opt-1' };
    expect((await call('optin', request)).body).toEqual({ status: 'success' });
    expect(members(await call('getOptinCustomers', {}))).toEqual([]);
    const outbox = sandbox.admin.smsOutbox(credentials.appId);
    expect(outbox).toMatchObject([{ to: '+15550100200', kind: 'optin_confirmation' }]);

    const [contact] = sandbox.admin.customers(credentials.appId);
    await adminCall(
      sandbox.url,
      'POST',
      `/accounts/${credentials.appId}/customers/${contact!.id}/confirm-optin`,
    );
    const optedIn = members(await call('getOptinCustomers', {}));
    expect(optedIn).toEqual([
      {
        id: contact!.id,
        firstname: '',
        lastname: '',
        email: 'opt@example.com',
        phone: '+15550100200',
        add_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      },
    ]);
    const minor = await call('optin', {
      ...request,
      user_id: 'kid',
      dob: new Date().toISOString().slice(0, 10),
    });
    expect(minor.status).toBe(400);
    expect((await call('optin', { phone: '+15550100200' })).status).toBe(400);
  });

  it('lists opted-out contacts by channel and will not text a number that replied STOP', async () => {
    const { credentials, call } = newAccount();
    const emailOut = (await call('newContact', { first_name: 'E', last_name: 'Out', optout_email: true }))
      .body._id;
    const smsOut = (await call('newContact', { first_name: 'S', last_name: 'Out', phone: '+15550100300' }))
      .body._id;
    await adminCall(sandbox.url, 'POST', `/accounts/${credentials.appId}/customers/${smsOut}/optout`, {
      channel: 'sms',
    });
    expect(members(await call('getOptoutCustomers', {})).map((m) => m.id)).toEqual([emailOut, smsOut]);
    expect(members(await call('getOptoutCustomers', { type: 'sms' }))).toMatchObject([
      { id: smsOut, sms_optout: 1, email_optout: 0 },
    ]);
    expect((await call('getOptoutCustomers', { type: 'push' })).status).toBe(400);

    const blocked = await call('sendSmsNotification', { to_number: '+15550100300', message: 'Class moved' });
    expect(blocked).toMatchObject({ status: 500, body: { status: false } });
    const sent = await call('sendSmsNotification', { to_number: '+15550100999', message: 'See you at 6!' });
    expect(sent.body).toMatchObject({ status: true, phone: '+15550100999', service_type: 'twilio' });
    expect(sandbox.admin.smsOutbox(credentials.appId).at(-1)).toMatchObject({
      message: 'See you at 6!',
      kind: 'notification',
    });
    expect((await call('sendSmsNotification', { to_number: '12', message: 'x' })).status).toBe(400);
    expect((await call('sendSmsNotification', { message: 'x' })).status).toBe(400);
  });
});
