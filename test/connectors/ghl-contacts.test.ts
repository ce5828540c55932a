import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateContactError } from '../../src/connectors/ghl/duplicate-contact.ts';
import { ApiError, ValidationError } from '../../src/kernel/errors.ts';
import { type GhlHarness, ghlHarness } from '../support/ghl-harness.ts';
import { contactCount, failureOf, requestCount, storedContact } from './ghl-action-support.ts';

interface ContactAnswer {
  contact: {
    id: string;
    email?: string;
    firstName?: string;
    lastName?: string;
    city?: string;
    tags?: string[];
  };
}

describe('GHL contact actions', () => {
  let h: GhlHarness;

  beforeAll(async () => {
    h = await ghlHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('create-contact adds a contact in the connection’s location, which get-contact reads back', async () => {
    const { contact } = await h.run<ContactAnswer>('create-contact', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+1 415 555 0100',
      tags: ['VIP'],
    });
    expect(storedContact(h, contact.id)?.locationId).toBe(h.locationId);
    const read = await h.run<ContactAnswer>('get-contact', { contactId: contact.id });
    expect(read.contact).toMatchObject({
      id: contact.id,
      email: 'ada@example.com',
      firstName: 'Ada',
      tags: ['vip'],
    });
  });

  it('create-contact on a taken email creates nothing and names the existing contact', async () => {
    const { contact } = await h.run<ContactAnswer>('create-contact', { email: 'taken@example.com' });
    const before = contactCount(h);
    const error = await failureOf(h.run('create-contact', { email: 'TAKEN@example.com', firstName: 'Copy' }));
    expect(error).toBeInstanceOf(DuplicateContactError);
    expect((error as DuplicateContactError).contactId).toBe(contact.id);
    expect(error.message).toContain(contact.id);
    expect(error.message).toContain('find-or-create-contact');
    expect(contactCount(h)).toBe(before);
  });

  it('update-contact changes the fields given, clears a null one and keeps the rest', async () => {
    const { contact } = await h.run<ContactAnswer>('create-contact', {
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@example.com',
      city: 'Arlington',
    });
    const updated = await h.run<ContactAnswer & { succeded: boolean }>('update-contact', {
      contactId: contact.id,
      firstName: 'Amazing Grace',
      city: null,
    });
    expect(updated.succeded).toBe(true);
    expect(updated.contact).toMatchObject({
      firstName: 'Amazing Grace',
      lastName: 'Hopper',
      email: 'grace@example.com',
    });
    expect(storedContact(h, contact.id)?.city).toBeUndefined();
  });

  it('update-contact refuses an update with nothing to change, sending nothing', async () => {
    const before = requestCount(h);
    const error = await failureOf(h.run('update-contact', { contactId: 'abc' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('at least one field');
    expect(requestCount(h)).toBe(before);
  });

  it('upsert-contact creates once, then updates the same contact', async () => {
    const first = await h.run<ContactAnswer & { new: boolean }>('upsert-contact', {
      email: 'upsert@example.com',
      firstName: 'Uma',
    });
    const second = await h.run<ContactAnswer & { new: boolean }>('upsert-contact', {
      email: 'upsert@example.com',
      lastName: 'Upton',
    });
    expect(first.new).toBe(true);
    expect(second.new).toBe(false);
    expect(second.contact.id).toBe(first.contact.id);
    expect(storedContact(h, first.contact.id)).toMatchObject({ firstName: 'Uma', lastName: 'Upton' });
  });

  it('upsert-contact refuses a contact without email or phone, which would always create', async () => {
    const before = requestCount(h);
    const error = await failureOf(h.run('upsert-contact', { firstName: 'Nobody' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('input.email');
    expect(requestCount(h)).toBe(before);
  });

  it('get-duplicate-contact finds the contact by email or phone, and answers null when there is none', async () => {
    const { contact } = await h.run<ContactAnswer>('create-contact', {
      email: 'dup@example.com',
      phone: '+14155550199',
    });
    const byEmail = await h.run<{ contact: { id: string } | null }>('get-duplicate-contact', {
      email: 'DUP@example.com',
    });
    const byPhone = await h.run<{ contact: { id: string } | null }>('get-duplicate-contact', {
      phone: '+14155550199',
    });
    const none = await h.run<{ contact: unknown }>('get-duplicate-contact', { email: 'nobody@example.com' });
    expect(byEmail.contact?.id).toBe(contact.id);
    expect(byPhone.contact?.id).toBe(contact.id);
    expect(none.contact).toBeNull();
  });

  it('delete-contact removes the contact; reading it afterwards fails with the API’s answer', async () => {
    const { contact } = await h.run<ContactAnswer>('create-contact', { email: 'gone@example.com' });
    const answer = await h.run<{ succeded: boolean }>('delete-contact', { contactId: contact.id });
    expect(answer.succeded).toBe(true);
    expect(storedContact(h, contact.id)).toBeUndefined();
    const error = await failureOf(h.run('get-contact', { contactId: contact.id }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain('not found');
  });

  it('refuses a malformed email before sending anything', async () => {
    const before = requestCount(h);
    const error = await failureOf(h.run('create-contact', { email: 'not-an-email' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('input.email');
    expect(requestCount(h)).toBe(before);
  });
});
