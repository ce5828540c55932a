import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, ValidationError } from '../../src/kernel/errors.ts';
import { gleapSchemas } from '../../src/sandbox/gleap/spec.ts';
import { type AppHarness, appHarness } from '../support/app-harness.ts';
import { expectSchema, type Json } from '../support/app-sandboxes.ts';

const schemas = gleapSchemas();
// The description's full session document (the answer of GET /sessions/by-user-id) checks every contact.
const sessionDocument = schemas.response('/sessions/by-user-id/{userId}', 'get');
const ticketDocument = schemas.storedDocument('CreateTicketDto');
const messageDocument = schemas.storedDocument('CreateMessageDto');

let h: AppHarness;
beforeAll(async () => {
  h = await appHarness();
});
afterAll(() => h.close());

const run = <T = Json>(action: string, input: unknown) => h.run<T>(`gleap.${action}`, input);
const sent = () => h.gleap.admin.log.list({}).length;

describe('Gleap actions: contacts', () => {
  it('creates, reads (by id and by user id), updates, lists, searches and deletes a contact', async () => {
    const { contact } = await run('create-contact', {
      userId: 'ghl-100',
      name: 'Grace Hopper',
      email: 'grace@navy.example',
      tags: ['vip'],
      customData: { plan: 'pro', seats: 3 },
    });
    expectSchema(sessionDocument, contact);
    expect(contact).toMatchObject({
      userId: 'ghl-100',
      name: 'Grace Hopper',
      customData: { plan: 'pro', seats: 3 },
    });

    expect((await run('get-contact', { contactId: contact._id })).contact._id).toBe(contact._id);
    const byUserId = await run('get-contact-by-user-id', { userId: 'ghl-100' });
    expectSchema(sessionDocument, byUserId.contact);
    expect(byUserId.contact._id).toBe(contact._id);

    const { contact: updated } = await run('update-contact', {
      contactId: contact._id,
      phone: '+15550100100',
    });
    expect(updated).toMatchObject({
      phone: '+15550100100',
      name: 'Grace Hopper',
      email: 'grace@navy.example',
    });
    expect(h.gleap.admin.contacts(h.gleapProjectId).find((c) => c._id === contact._id)).toMatchObject({
      phone: '+15550100100',
    });

    const listed = await run('list-contacts', { filters: { email: 'grace@navy.example' } });
    expect(listed.contacts.map((c: Json) => c._id)).toEqual([contact._id]);
    const searched = await run('search-contacts', { searchTerm: 'HOPPER' });
    expect(searched.contacts.map((c: Json) => c._id)).toContain(contact._id);

    expect(await run('delete-contact', { contactId: contact._id })).toEqual({
      deleted: true,
      contactId: contact._id,
      found: true,
    });
    expect((await run('delete-contact', { contactId: contact._id })).found).toBe(false);
    const gone = await run('get-contact', { contactId: contact._id }).catch((e: Error) => e);
    expect(gone).toBeInstanceOf(ApiError);
    expect((gone as ApiError).status).toBe(404);
  });

  it('lists a page sorted and filtered on the date it was updated', async () => {
    const before = new Date(Date.now() - 1).toISOString();
    const a = (await run('create-contact', { name: 'Paged A', email: 'paged-a@example.com' })).contact;
    const b = (await run('create-contact', { name: 'Paged B', email: 'paged-b@example.com' })).contact;
    await run('update-contact', { contactId: a._id, plan: 'gold' });
    const page = await run('list-contacts', { updatedSince: before, sort: '-updatedAt', limit: 2 });
    expect(page.contacts.map((c: Json) => c._id)).toEqual([a._id, b._id]);
    const second = await run('list-contacts', {
      updatedSince: before,
      sort: '-updatedAt',
      limit: 2,
      skip: 1,
    });
    expect(second.contacts.map((c: Json) => c._id)).toEqual([b._id]);
  });

  it('refuses a field Gleap does not know before sending anything', async () => {
    const before = sent();
    const error = await run('create-contact', { name: 'X', firstName: 'X' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('firstName');
    expect(sent()).toBe(before);
  });

  it('surfaces Gleap refusing a second contact with the same user id', async () => {
    await run('create-contact', { userId: 'ghl-dup', name: 'First' });
    const error = await run('create-contact', { userId: 'ghl-dup', name: 'Second' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
  });
});

describe('Gleap actions: find or create contact', () => {
  it('creates once, then finds by user id', async () => {
    const first = await run('find-or-create-contact', {
      userId: 'ghl-200',
      email: 'new@example.com',
      name: 'New',
    });
    expect(first).toMatchObject({ created: true, matchedBy: null });
    expectSchema(sessionDocument, first.contact);
    const second = await run('find-or-create-contact', { userId: 'ghl-200', email: 'new@example.com' });
    expect(second).toMatchObject({ created: false, matchedBy: 'userId' });
    expect(second.contact._id).toBe(first.contact._id);
  });

  it('finds a contact made in the app by its email in another case, and gives it the user id', async () => {
    const made = h.gleap.admin.createContact(h.gleapProjectId, {
      name: 'Ada',
      email: 'Ada.Lovelace@Example.com',
    });
    const found = await run('find-or-create-contact', {
      userId: 'ghl-300',
      email: 'ada.lovelace@example.com',
    });
    expect(found).toMatchObject({ created: false, matchedBy: 'email' });
    expect(found.contact).toMatchObject({ _id: made._id, userId: 'ghl-300' });
    expect((await run('get-contact-by-user-id', { userId: 'ghl-300' })).contact._id).toBe(made._id);
  });

  it('does not take over a contact with the same email that belongs to another user id', async () => {
    const other = h.gleap.admin.createContact(h.gleapProjectId, {
      userId: 'someone-else',
      email: 'shared@example.com',
    });
    const result = await run('find-or-create-contact', { userId: 'ghl-400', email: 'shared@example.com' });
    expect(result.created).toBe(true);
    expect(result.contact._id).not.toBe(other._id);
  });

  it('makes one contact when many flows ask for the same new email at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        run('find-or-create-contact', { email: 'race@example.com', name: 'Race' }),
      ),
    );
    const ids = new Set(results.map((r) => r.contact._id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const stored = h.gleap.admin.contacts(h.gleapProjectId).filter((c) => c.email === 'race@example.com');
    expect(stored).toHaveLength(1);
  });

  it('needs a user id or an email', async () => {
    const error = await run('find-or-create-contact', { name: 'Nobody' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('input.userId');
  });
});

describe('Gleap actions: tickets, comments and notes', () => {
  it('creates, reads, updates, lists, finds by contact, comments on, notes and deletes a ticket', async () => {
    const { contact } = await run('create-contact', {
      userId: 'ghl-500',
      email: 'ticket-owner@example.com',
      name: 'Owner',
    });
    const { ticket } = await run('create-ticket', {
      title: 'Cannot log in',
      description: 'The password is refused.',
      priority: 'HIGH',
      tags: ['login'],
      contactId: contact._id,
    });
    expectSchema(ticketDocument, ticket);
    expect(ticket).toMatchObject({ title: 'Cannot log in', priority: 'HIGH', session: contact._id });

    const read = (await run('get-ticket', { ticketId: ticket._id })).ticket;
    expectSchema(ticketDocument, read);
    expect(read.session).toMatchObject({ _id: contact._id, email: 'ticket-owner@example.com' });
    expect(read.formData).toEqual({ description: 'The password is refused.' });

    const updated = (await run('update-ticket', { ticketId: ticket._id, status: 'DONE', priority: 'LOW' }))
      .ticket;
    expect(updated).toMatchObject({ status: 'DONE', priority: 'LOW', title: 'Cannot log in' });

    const done = await run('list-tickets', { filters: { status: 'DONE', tags: 'login' } });
    expect(done.tickets.map((t: Json) => t._id)).toEqual([ticket._id]);
    expect(done.totalCount).toBe(1);
    const mine = await run('list-contact-tickets', { email: 'ticket-owner@example.com' });
    expect(mine.tickets.map((t: Json) => t._id)).toEqual([ticket._id]);
    expect((await run('list-contact-tickets', { userId: 'ghl-500', phone: '+0000' })).tickets).toEqual([]);

    const { message: comment } = await run('add-ticket-comment', {
      ticketId: ticket._id,
      text: 'We are on it.\nHang on.',
    });
    expectSchema(messageDocument, comment);
    expect(comment).toMatchObject({ ticket: ticket._id, type: 'COMMENT', isNote: false });
    const { message: note } = await run('add-ticket-note', {
      ticketId: ticket._id,
      text: 'GHL task: call back on Monday',
    });
    expect(note).toMatchObject({ type: 'NOTE', isNote: true });
    const onTicket = h.gleap.admin.messages(h.gleapProjectId, ticket._id);
    expect(onTicket.map((m) => [m.type, m.isNote])).toEqual([
      ['COMMENT', false],
      ['NOTE', true],
    ]);
    const latest = (await run('get-ticket', { ticketId: ticket._id })).ticket.latestComment;
    expect(latest.data.content).toBe('GHL task: call back on Monday');

    expect((await run('delete-ticket', { ticketId: ticket._id })).found).toBe(true);
    expect((await run('delete-ticket', { ticketId: ticket._id })).found).toBe(false);
    expect(h.gleap.admin.messages(h.gleapProjectId, ticket._id)).toEqual([]);
  });

  it('names the problem when a ticket update changes nothing or a priority is unknown', async () => {
    const before = sent();
    const empty = await run('update-ticket', { ticketId: 'abc' }).catch((e: Error) => e);
    expect(empty).toBeInstanceOf(ValidationError);
    const urgent = await run('create-ticket', { title: 'x', priority: 'URGENT' }).catch((e: Error) => e);
    expect((urgent as Error).message).toContain('input.priority');
    expect(sent()).toBe(before);
  });

  it("needs some way to find the contact for a contact's tickets", async () => {
    const error = await run('list-contact-tickets', {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ValidationError);
  });
});
