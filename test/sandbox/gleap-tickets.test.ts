import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GleapSandbox, startGleapSandbox } from '../../src/sandbox/gleap/index.ts';
import { gleapSchemas } from '../../src/sandbox/gleap/spec.ts';
import { expectSchema, gleapCaller, type Json } from '../support/app-sandboxes.ts';

let sandbox: GleapSandbox;
const schemas = gleapSchemas();
const ticketDocument = schemas.storedDocument('CreateTicketDto');
const messageDocument = schemas.storedDocument('CreateMessageDto');

beforeAll(async () => {
  sandbox = await startGleapSandbox();
});
afterAll(() => sandbox.close());

async function projectWithContact() {
  const credentials = sandbox.admin.createProject();
  const call = gleapCaller(sandbox.url, credentials);
  const contact = (
    await call('POST', '/sessions', { userId: 'c-1', name: 'Cleo Park', email: 'cleo@example.com' })
  ).body;
  return { call, contact, credentials };
}

describe('Gleap sandbox: tickets', () => {
  it('creates, reads (contact populated), updates and deletes a ticket', async () => {
    const { call, contact } = await projectWithContact();
    const created = await call('POST', '/tickets', {
      title: 'Follow up with Cleo',
      description: 'Call back about the renewal',
      type: 'INQUIRY',
      priority: 'HIGH',
      session: contact._id,
      tags: ['ghl'],
      dueDate: '2030-01-01T10:00:00.000Z',
    });
    expect(created.status).toBe(200);
    expectSchema(schemas.response('/tickets', 'post'), created.body);
    expectSchema(ticketDocument, created.body);
    expect(created.body).toMatchObject({
      title: 'Follow up with Cleo',
      status: 'OPEN',
      priority: 'HIGH',
      session: contact._id,
      bugId: 1,
      formData: { description: 'Call back about the renewal' },
    });

    const read = await call('GET', `/tickets/${created.body._id}`);
    expectSchema(ticketDocument, read.body);
    expect(read.body.session).toMatchObject({
      _id: contact._id,
      email: 'cleo@example.com',
      name: 'Cleo Park',
    });

    const updated = await call('PUT', `/tickets/${created.body._id}`, { status: 'DONE', priority: 'LOW' });
    expect(updated.body).toMatchObject({ status: 'DONE', priority: 'LOW', title: 'Follow up with Cleo' });
    expect(updated.body.updatedAt >= created.body.updatedAt).toBe(true);

    expect((await call('DELETE', `/tickets/${created.body._id}`)).status).toBe(200);
    expect(await call('GET', `/tickets/${created.body._id}`)).toMatchObject({
      status: 404,
      body: { message: 'Ticket not found' },
    });
  });

  it('refuses fields and values the description does not allow, and contacts of another project', async () => {
    const { call } = await projectWithContact();
    const badPriority = await call('POST', '/tickets', { title: 'x', priority: 'URGENT' });
    expect(badPriority.status).toBe(400);
    expect(badPriority.body.details['requestBody.priority'].message).toContain('LOW, MEDIUM, HIGH');
    const unknownField = await call('PUT', '/tickets/000000000000000000000000', { assignee: 'me' });
    expect(unknownField.status).toBe(400);
    const other = await projectWithContact();
    const foreign = await call('POST', '/tickets', { title: 'x', session: other.contact._id });
    expect(foreign.status).toBe(400);
    expect((await call('GET', '/tickets')).body.totalCount).toBe(0);
  });

  it('lists with a filter on updatedAt, sort, limit/skip and counts', async () => {
    const { call } = await projectWithContact();
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) {
      ids.push(
        (
          await call('POST', '/tickets', {
            title: `T${n}`,
            type: n % 2 ? 'BUG' : 'INQUIRY',
            priority: 'MEDIUM',
          })
        ).body._id,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await call('PUT', `/tickets/${ids[3]}`, { status: 'INPROGRESS' });
    await call('PUT', `/tickets/${ids[1]}`, { priority: 'HIGH' });

    const changed = await call('GET', `/tickets?updatedAt>=${since}&sort=-updatedAt`);
    expectSchema(schemas.response('/tickets', 'get'), changed.body);
    for (const ticket of changed.body.tickets) expectSchema(ticketDocument, ticket);
    expect(changed.body).toMatchObject({ count: 2, totalCount: 2 });
    expect(changed.body.tickets.map((t: Json) => t.title)).toEqual(['T2', 'T4']);

    const page = await call('GET', '/tickets?sort=createdAt&limit=2&skip=2');
    expect(page.body.tickets.map((t: Json) => t.title)).toEqual(['T3', 'T4']);
    expect(page.body).toMatchObject({ count: 2, totalCount: 5 });
    const bugs = await call('GET', '/tickets?type=BUG&sort=-priority');
    expect(bugs.body.tickets.map((t: Json) => t.title)).toEqual(['T1', 'T3', 'T5']);
    const byPriority = await call('GET', '/tickets?sort=-priority&limit=1');
    expect(byPriority.body.tickets[0].title).toBe('T2');
    expect((await call('GET', '/tickets/ticketscount?type=INQUIRY')).body).toEqual({ count: 2 });

    await call('PUT', `/tickets/${ids[0]}`, { archived: true });
    expect((await call('GET', '/tickets?ignoreArchived=true')).body.totalCount).toBe(4);
  });

  it("finds a contact's tickets by email, user id or phone", async () => {
    const { call, contact } = await projectWithContact();
    const someoneElse = (await call('POST', '/sessions', { email: 'other@example.com' })).body;
    await call('POST', '/tickets', { title: 'Mine', session: contact._id });
    await call('POST', '/tickets', { title: 'Theirs', session: someoneElse._id });
    const byEmail = await call('GET', '/tickets/by-session-query?email=cleo@example.com');
    expect(byEmail.body.tickets.map((t: Json) => t.title)).toEqual(['Mine']);
    const byUserId = await call('GET', '/tickets/by-session-query?userId=c-1');
    expect(byUserId.body.tickets.map((t: Json) => t.title)).toEqual(['Mine']);
    expect((await call('GET', '/tickets/by-session-query')).status).toBe(400);
  });
});

describe('Gleap sandbox: messages, comments and internal notes', () => {
  it('adds a comment and an internal note, lists them, edits and deletes', async () => {
    const { call, contact } = await projectWithContact();
    const ticket = (await call('POST', '/tickets', { title: 'Chat', session: contact._id })).body;
    const comment = await call('POST', '/messages', {
      ticket: ticket._id,
      comment: { type: 'paragraph', content: [{ type: 'text', text: 'We are on it.' }] },
      type: 'COMMENT',
      bot: false,
    });
    expect(comment.status).toBe(200);
    expectSchema(schemas.response('/messages', 'post'), comment.body);
    expectSchema(messageDocument, comment.body);
    expect(comment.body.comment).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'We are on it.' }] }],
    });
    const note = await call('POST', '/messages', {
      ticket: ticket._id,
      comment: 'Internal: VIP',
      isNote: true,
    });
    expect(note.body).toMatchObject({ type: 'NOTE', isNote: true });

    const all = await call('GET', `/messages?ticket=${ticket._id}&sort=createdAt`);
    expectSchema(schemas.response('/messages', 'get'), all.body);
    for (const message of all.body) expectSchema(messageDocument, message);
    expect(all.body.map((m: Json) => m.type)).toEqual(['COMMENT', 'NOTE']);
    const notes = await call('GET', `/messages?ticket=${ticket._id}&type=NOTE`);
    expect(notes.body.map((m: Json) => m._id)).toEqual([note.body._id]);

    const afterMessage = await call('GET', `/tickets/${ticket._id}`);
    expect(afterMessage.body.latestComment).toMatchObject({
      _id: note.body._id,
      data: { content: 'Internal: VIP' },
    });
    expect(
      afterMessage.body.updatedAt > ticket.updatedAt || afterMessage.body.updatedAt === note.body.createdAt,
    ).toBe(true);

    const edited = await call('PUT', `/messages/${comment.body._id}`, { comment: 'We fixed it.' });
    expect(edited.body.comment.content[0].content[0].text).toBe('We fixed it.');
    const search = await call('GET', '/messages/search?searchTerm=fixed');
    expectSchema(schemas.response('/messages/search', 'get'), search.body);
    expect(search.body.hits.map((m: Json) => m._id)).toEqual([comment.body._id]);
    expect((await call('DELETE', `/messages/${comment.body._id}`)).status).toBe(204);
    expect((await call('GET', `/messages?ticket=${ticket._id}`)).body).toHaveLength(1);
  });

  it('refuses a message without a ticket or with an unknown field, and pages with paginated=true', async () => {
    const { call, contact } = await projectWithContact();
    expect((await call('POST', '/messages', { comment: 'orphan' })).status).toBe(400);
    expect((await call('POST', '/messages', { ticket: 'x', text: 'hi' })).body.message).toBe(
      'Validation Failed',
    );
    const ticket = (await call('POST', '/tickets', { title: 'Long chat', session: contact._id })).body;
    for (let n = 1; n <= 5; n++)
      await call('POST', '/messages', { ticket: ticket._id, comment: `m${n}`, session: contact._id });
    const texts = (list: Json[]) => list.map((m) => m.comment.content[0].content[0].text);
    const newest = await call('GET', `/messages?ticket=${ticket._id}&paginated=true&limit=2`);
    expectSchema(schemas.response('/messages', 'get'), newest.body);
    expect(texts(newest.body.items)).toEqual(['m4', 'm5']);
    expect(newest.body.hasMore).toBe(true);
    const older = await call(
      'GET',
      `/messages?ticket=${ticket._id}&paginated=true&limit=2&before=${newest.body.nextBefore}`,
    );
    expect(texts(older.body.items)).toEqual(['m2', 'm3']);
    const oldest = await call(
      'GET',
      `/messages?ticket=${ticket._id}&paginated=true&limit=2&before=${older.body.nextBefore}`,
    );
    expect(oldest.body).toMatchObject({ hasMore: false, nextBefore: null });
    expect(texts(oldest.body.items)).toEqual(['m1']);
  });
});
