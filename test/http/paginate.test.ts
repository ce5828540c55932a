import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  dedupeById,
  eachItem,
  type HttpClient,
  paginateCursor,
  paginateOffset,
} from '../../src/http/index.ts';
import { type ApiFixture, startApiFixture } from './api-fixture.ts';

interface Contact {
  id: string;
  dateAdded: number;
  searchAfter?: [number, string];
}

const fixtures: ApiFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

async function setUp(): Promise<{ server: ApiFixture; client: HttpClient }> {
  const server = await startApiFixture();
  fixtures.push(server);
  return { server, client: createHttpClient({ baseUrl: server.baseUrl }) };
}

const contacts: Contact[] = Array.from({ length: 25 }, (_, i) => ({
  id: `c${String(i).padStart(2, '0')}`,
  dateAdded: 1_700_000_000_000 + Math.floor(i / 3) * 1000, // several contacts share a timestamp
}));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Like GHL's deprecated list: refuses a request without locationId; both cursor fields are needed. */
function serveLegacyList(server: ApiFixture) {
  server.route('GET', '/contacts/', (req) => {
    const q = req.query as Record<string, string>;
    if (q.locationId !== 'loc-1')
      return { status: 403, body: { message: 'The token does not have access to this location.' } };
    const limit = Number(q.limit);
    const start = q.startAfterId ? contacts.findIndex((c) => c.id === q.startAfterId) + 1 : 0;
    const page = contacts.slice(start, start + limit);
    const last = page.at(-1);
    return {
      body: { contacts: page, meta: { startAfterId: last?.id ?? null, startAfter: last?.dateAdded ?? null } },
    };
  });
}

describe('cursor pagination', () => {
  it('merges the cursor into the query, keeping locationId and the filters', async () => {
    const { server, client } = await setUp();
    serveLegacyList(server);
    type ListPage = { contacts: Contact[]; meta: { startAfterId: string | null; startAfter: number | null } };
    const pages = paginateCursor<ListPage, Contact>(client, {
      request: {
        method: 'GET',
        path: '/contacts/',
        query: { locationId: 'loc-1', limit: 10, query: 'smith' },
      },
      cursorIn: 'query',
      items: (data) => data.contacts,
      nextCursor: (data, items) =>
        items.length < 10
          ? undefined
          : { startAfterId: data.meta.startAfterId, startAfter: data.meta.startAfter },
    });
    const ids = (await collect(eachItem(pages))).map((c) => c.id);
    expect(ids).toEqual(contacts.map((c) => c.id));
    expect(server.received).toHaveLength(3);
    for (const req of server.received)
      expect(req.query).toMatchObject({ locationId: 'loc-1', query: 'smith', limit: '10' });
  });

  it('merges the cursor into the body of a search, keeping locationId and the filters', async () => {
    const { server, client } = await setUp();
    server.route('POST', '/contacts/search', (req) => {
      const body = req.body as { locationId?: string; pageLimit: number; searchAfter?: [number, string] };
      if (!body.locationId) return { status: 422, body: { message: ['locationId should not be empty'] } };
      const after = body.searchAfter;
      const rest = after
        ? contacts.filter((c) => c.dateAdded > after[0] || (c.dateAdded === after[0] && c.id > after[1]))
        : contacts;
      const page = rest.slice(0, body.pageLimit).map((c) => ({ ...c, searchAfter: [c.dateAdded, c.id] }));
      return { body: { contacts: page, total: contacts.length } };
    });
    const filters = [{ field: 'tags', operator: 'eq', value: 'vip' }];
    const pages = paginateCursor<{ contacts: Contact[] }, Contact>(client, {
      request: {
        method: 'POST',
        path: '/contacts/search',
        body: { locationId: 'loc-1', pageLimit: 7, filters },
        idempotent: true,
      },
      cursorIn: 'body',
      items: (data) => data.contacts,
      nextCursor: (_data, items) => ({ searchAfter: items.at(-1)?.searchAfter }),
    });
    const seen = await collect(eachItem(pages));
    expect(seen.map((c) => c.id)).toEqual(contacts.map((c) => c.id));
    for (const req of server.received)
      expect(req.body).toMatchObject({ locationId: 'loc-1', pageLimit: 7, filters });
  });

  it('fails instead of looping when the API hands back the same cursor', async () => {
    const { server, client } = await setUp();
    server.route('GET', '/stuck', () => ({ body: { items: [1, 2], next: 'abc' } }));
    const pages = paginateCursor<{ items: number[]; next: string }, number>(client, {
      request: { method: 'GET', path: '/stuck' },
      cursorIn: 'query',
      items: (data) => data.items,
      nextCursor: (data) => ({ cursor: data.next }),
    });
    await expect(collect(pages)).rejects.toThrow(/same cursor twice/);
    expect(server.received).toHaveLength(2);
  });
});

describe('offset and page pagination', () => {
  function serveTickets(server: ApiFixture, list: Contact[]) {
    server.route('GET', '/v3/tickets', (req) => {
      const q = req.query as Record<string, string>;
      const skip = Number(q.skip ?? (Number(q.page) - 1) * Number(q.limit));
      const page = list.slice(skip, skip + Number(q.limit));
      return { body: { tickets: page, count: page.length, totalCount: list.length } };
    });
  }

  it('visits every item once with skip and limit, stopping at the short page', async () => {
    const { server, client } = await setUp();
    serveTickets(server, contacts);
    const pages = paginateOffset<{ tickets: Contact[] }, Contact>(client, {
      request: { method: 'GET', path: '/v3/tickets', query: { sort: '-createdAt', status: 'OPEN' } },
      style: 'offset',
      positionParam: 'skip',
      pageSize: 10,
      items: (data) => data.tickets,
    });
    const ids = (await collect(eachItem(pages))).map((c) => c.id);
    expect(ids).toEqual(contacts.map((c) => c.id));
    expect(server.received.map((r) => r.query)).toEqual(
      [0, 10, 20].map((skip) => ({ sort: '-createdAt', status: 'OPEN', limit: '10', skip: String(skip) })),
    );
  });

  it('visits every item once with page numbers', async () => {
    const { server, client } = await setUp();
    serveTickets(server, contacts.slice(0, 20));
    const pages = paginateOffset<{ tickets: Contact[] }, Contact>(client, {
      request: { method: 'GET', path: '/v3/tickets' },
      style: 'page',
      pageSize: 10,
      items: (data) => data.tickets,
    });
    const ids = (await collect(eachItem(pages))).map((c) => c.id);
    expect(ids).toEqual(contacts.slice(0, 20).map((c) => c.id));
    // A full last page cannot tell that it was the last: one more request finds the end.
    expect(server.received.map((r) => r.query.page)).toEqual(['1', '2', '3']);
  });

  it('drops the repeats that a record added during the scan pushes across a page boundary', async () => {
    const { server, client } = await setUp();
    const list = [...contacts];
    serveTickets(server, list);
    let pagesServed = 0;
    const pages = paginateOffset<{ tickets: Contact[] }, Contact>(client, {
      request: { method: 'GET', path: '/v3/tickets' },
      style: 'offset',
      positionParam: 'skip',
      pageSize: 10,
      items: (data) => {
        // Newest first: a record created after page 1 shifts everything down by one.
        pagesServed += 1;
        if (pagesServed === 1) list.unshift({ id: 'new', dateAdded: 0 });
        return data.tickets;
      },
    });
    const plain = contacts.map((c) => c.id);
    const ids = (await collect(dedupeById(eachItem(pages), (c) => c.id))).map((c) => c.id);
    expect(ids).toEqual(plain);
    expect(server.received).toHaveLength(3);
  });
});
