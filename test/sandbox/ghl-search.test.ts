import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { admin, caller, type Json, startSandbox } from '../support/ghl-sandbox.ts';

const SEEDED = 250;
let sandbox: GhlSandbox;
let call: ReturnType<typeof caller>;
let locationId: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: SEEDED });
  locationId = sandbox.defaultLocation.locationId;
  call = caller(sandbox.url, sandbox.defaultLocation.privateIntegrationToken);
});
afterAll(() => sandbox.close());

async function searchAll(body: Record<string, unknown>): Promise<Json[]> {
  const seen: Json[] = [];
  let searchAfter: unknown;
  for (let guard = 0; guard < 100; guard++) {
    const answer = await call('POST', '/contacts/search', {
      locationId,
      pageLimit: 37,
      ...body,
      ...(searchAfter ? { searchAfter } : {}),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    if (answer.body.contacts.length === 0) return seen;
    seen.push(...answer.body.contacts);
    searchAfter = answer.body.contacts.at(-1).searchAfter;
  }
  throw new Error('searchAfter paging did not end');
}

describe('POST /contacts/search', () => {
  it('searchAfter paging visits every contact exactly once, in order, for each sort', async () => {
    for (const sort of [
      undefined,
      [{ field: 'dateUpdated', direction: 'asc' }],
      [{ field: 'firstNameLowerCase', direction: 'desc' }],
    ]) {
      const seen = await searchAll(sort ? { sort } : {});
      expect(seen).toHaveLength(SEEDED);
      expect(new Set(seen.map((c) => c.id)).size).toBe(SEEDED);
      if (sort?.[0]?.field === 'dateUpdated') {
        const times = seen.map((c) => Date.parse(c.dateUpdated));
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }
    }
  });

  it('page/pageLimit paging and total; page with searchAfter is refused', async () => {
    const ids = new Set<string>();
    for (let page = 1; page <= 3; page++) {
      const answer = await call('POST', '/contacts/search', { locationId, page, pageLimit: 100 });
      expect(answer.body.total).toBe(SEEDED);
      for (const c of answer.body.contacts) ids.add(c.id);
    }
    expect(ids.size).toBe(SEEDED);
    const both = await call('POST', '/contacts/search', {
      locationId,
      page: 2,
      pageLimit: 10,
      searchAfter: [1, 'x'],
    });
    expect(both.status).toBe(422);
    const deep = await call('POST', '/contacts/search', { locationId, page: 21, pageLimit: 500 });
    expect(deep.status).toBe(400);
  });

  it('reconciliation: a range on dateUpdated finds exactly the contacts changed since a moment', async () => {
    const all = await searchAll({});
    const since = Math.max(...all.map((c) => Date.parse(c.dateUpdated))) + 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const changed = all.slice(0, 3).map((c) => c.id);
    for (const id of changed) await call('PUT', `/contacts/${id}`, { city: 'Reconciled' });
    const created = (await call('POST', '/contacts/', { locationId, email: 'late@b.co' })).body.contact.id;
    const filters = [
      { field: 'dateUpdated', operator: 'range', value: { gte: new Date(since).toISOString() } },
    ];
    const sort = [{ field: 'dateUpdated', direction: 'asc' }];
    const found = await searchAll({ filters, sort });
    expect(found.map((c) => c.id)).toEqual([...changed, created]);
    // Epoch milliseconds are accepted as bounds too, and `lte` closes the window.
    const until = Date.parse(found[1].dateUpdated);
    const window = await searchAll({
      filters: [{ field: 'dateUpdated', operator: 'range', value: { gte: since, lte: until } }],
      sort,
    });
    expect(window.map((c) => c.id)).toEqual(changed.slice(0, 2));
    // A no-op update does not move dateUpdated.
    await call('PUT', `/contacts/${created}`, { email: 'late@b.co' });
    expect((await call('GET', `/contacts/${created}`)).body.contact.dateUpdated).toBe(found[3].dateUpdated);
  });

  it('filters: eq on email/phone/tags, contains, exists, OR groups, query', async () => {
    const target = (
      await call('POST', '/contacts/', {
        locationId,
        firstName: 'Filter',
        lastName: 'Target',
        email: 'Filter.Target@Example.org',
        phone: '+1 (555) 010-9999',
        tags: ['Special-Tag'],
        companyName: 'Zeta Widgets',
      })
    ).body.contact.id;
    const ids = async (body: Record<string, unknown>) =>
      (await call('POST', '/contacts/search', { locationId, pageLimit: 500, ...body })).body.contacts.map(
        (c: Json) => c.id,
      );
    expect(
      await ids({ filters: [{ field: 'email', operator: 'eq', value: 'filter.target@example.org' }] }),
    ).toEqual([target]);
    expect(await ids({ filters: [{ field: 'phone', operator: 'eq', value: '+15550109999' }] })).toEqual([
      target,
    ]);
    expect(await ids({ filters: [{ field: 'tags', operator: 'eq', value: 'special-tag' }] })).toEqual([
      target,
    ]);
    expect(await ids({ filters: [{ field: 'companyName', operator: 'contains', value: 'zeta' }] })).toEqual([
      target,
    ]);
    expect(await ids({ query: 'filter target' })).toEqual([target]);
    const either = await ids({
      filters: [
        {
          group: 'OR',
          filters: [
            { field: 'email', operator: 'eq', value: 'filter.target@example.org' },
            { field: 'tags', operator: 'eq', value: 'vip' },
          ],
        },
      ],
    });
    expect(either).toContain(target);
    expect(either.length).toBeGreaterThan(1);
    const withoutEmail = await ids({ filters: [{ field: 'email', operator: 'not_exists' }] });
    expect(withoutEmail).toEqual([]);
    const unknown = await call('POST', '/contacts/search', {
      locationId,
      pageLimit: 5,
      filters: [{ field: 'shoeSize', operator: 'eq', value: 1 }],
    });
    expect(unknown.status).toBe(422);
  });
});

describe('GET /contacts/ (deprecated)', () => {
  it('pages with meta.startAfter + startAfterId through every contact; startAfter alone answers page 1 again', async () => {
    const total = (await call('POST', '/contacts/search', { locationId, pageLimit: 1 })).body.total;
    const seen = new Set<string>();
    let query = `locationId=${locationId}&limit=100`;
    let first: string[] = [];
    for (let guard = 0; guard < 20; guard++) {
      const answer = await call('GET', `/contacts/?${query}`);
      expect(answer.status).toBe(200);
      if (guard === 0) first = answer.body.contacts.map((c: Json) => c.id);
      for (const c of answer.body.contacts) seen.add(c.id);
      expect(answer.body.meta.total).toBe(total);
      if (!answer.body.meta.nextPageUrl) break;
      query = `locationId=${locationId}&limit=100&startAfter=${answer.body.meta.startAfter}&startAfterId=${answer.body.meta.startAfterId}`;
    }
    expect(seen.size).toBe(total);
    const page = await call('GET', `/contacts/?locationId=${locationId}&limit=100`);
    const onlyStartAfter = await call(
      'GET',
      `/contacts/?locationId=${locationId}&limit=100&startAfter=${page.body.meta.startAfter}`,
    );
    expect(onlyStartAfter.body.contacts.map((c: Json) => c.id)).toEqual(first);
    expect((await call('GET', `/contacts/?locationId=${locationId}&limit=101`)).status).toBe(422);
  });
});

describe('locations are isolated', () => {
  it("one location's contacts never show in another's searches, lists or lookups", async () => {
    const other = (await admin(sandbox.url, 'POST', '/locations', { name: 'Isolated' })).body;
    const otherCall = caller(sandbox.url, other.privateIntegrationToken);
    await otherCall('POST', '/contacts/', { locationId: other.locationId, email: 'only-here@b.co' });
    const mine = await call('POST', '/contacts/search', {
      locationId,
      pageLimit: 10,
      filters: [{ field: 'email', operator: 'eq', value: 'only-here@b.co' }],
    });
    expect(mine.body.total).toBe(0);
    const theirs = await otherCall('POST', '/contacts/search', {
      locationId: other.locationId,
      pageLimit: 10,
    });
    expect(theirs.body.total).toBe(1);
    const lookup = await call(
      'GET',
      `/contacts/search/duplicate?locationId=${locationId}&email=only-here%40b.co`,
    );
    expect(lookup.body.contact).toBeNull();
    // Same email in both locations is no duplicate: duplicates are per location.
    expect((await call('POST', '/contacts/', { locationId, email: 'only-here@b.co' })).status).toBe(201);
  });
});
