import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  businessContacts,
  contactAppointments,
  contactNotes,
  contactTasks,
  legacyContactPages,
  legacyContacts,
  searchContactPages,
  searchContacts,
} from '../../src/connectors/ghl/paginate.ts';
import { ValidationError } from '../../src/kernel/errors.ts';
import { type GhlHarness, ghlHarness } from '../support/ghl-harness.ts';
import { collect, failureOf, ghlClientFor, requestCount } from './ghl-action-support.ts';

const SEEDED = 523;

interface SearchPage {
  contacts: { id: string; tags: string[]; dateUpdated: string }[];
  total: number;
  nextSearchAfter: (string | number | null)[] | null;
}

describe('GHL search, lists and paginators', () => {
  let h: GhlHarness;
  let allIds: string[];

  beforeAll(async () => {
    h = await ghlHarness({ sandbox: { seed: SEEDED, limits: { max: 10_000, dailyMax: 1_000_000 } } });
    allIds = [...h.sandbox.admin.location(h.locationId).contacts.keys()];
  });
  afterAll(async () => {
    await h.close();
  });

  it('the search paginator visits every contact exactly once across pages', async () => {
    const client = ghlClientFor(h);
    let pages = 0;
    const seen: string[] = [];
    for await (const page of searchContactPages(client, { pageLimit: 50 })) {
      pages += 1;
      seen.push(...page.items.map((c) => c.id));
    }
    expect(pages).toBe(Math.ceil(SEEDED / 50));
    expect(seen).toHaveLength(SEEDED);
    expect(new Set(seen)).toEqual(new Set(allIds));
  });

  it('keeps the filters, query and sort on every page', async () => {
    const client = ghlClientFor(h);
    const filters = [{ field: 'tags', operator: 'eq' as const, value: 'vip' }];
    const sort = [{ field: 'dateUpdated', direction: 'asc' as const }];
    const vip = await h.run<SearchPage>('search-contacts-advanced', { filters, pageLimit: 1 });
    expect(vip.total).toBeGreaterThan(30);

    const found = await collect(searchContacts(client, { filters, sort, pageLimit: 10 }));
    expect(found).toHaveLength(vip.total);
    expect(found.every((c) => c.tags?.includes('vip'))).toBe(true);
    const times = found.map((c) => Date.parse(c.dateUpdated ?? ''));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const company = await collect(searchContacts(client, { query: 'globex', pageLimit: 7 }));
    const expected = [...h.sandbox.admin.location(h.locationId).contacts.values()].filter(
      (c) => c.companyName === 'Globex',
    );
    expect(company.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
  });

  it('search-contacts-advanced pages on with nextSearchAfter until it is null', async () => {
    const ids: string[] = [];
    let searchAfter: SearchPage['nextSearchAfter'] | undefined;
    for (let guard = 0; guard < 10; guard += 1) {
      const page: SearchPage = await h.run<SearchPage>('search-contacts-advanced', {
        pageLimit: 200,
        sort: [{ field: 'firstNameLowerCase', direction: 'asc' }],
        ...(searchAfter ? { searchAfter } : {}),
      });
      ids.push(...page.contacts.map((c) => c.id));
      if (!page.nextSearchAfter) break;
      searchAfter = page.nextSearchAfter;
    }
    expect(ids).toHaveLength(SEEDED);
    expect(new Set(ids).size).toBe(SEEDED);
  });

  it('search-contacts-advanced refuses page together with searchAfter, sending nothing', async () => {
    const before = requestCount(h);
    const error = await failureOf(h.run('search-contacts-advanced', { page: 2, searchAfter: [1, 'x'] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(requestCount(h)).toBe(before);
  });

  it('the deprecated list paginator keeps locationId and the query on every page', async () => {
    const client = ghlClientFor(h);
    const after = h.sandbox.requests.list().at(-1)?.seq ?? 0;
    const pages = await collect(legacyContactPages(client, { query: 'example.com', limit: 100 }));
    const ids = pages.flatMap((p) => p.items.map((c) => c.id));
    expect(ids).toHaveLength(SEEDED);
    expect(new Set(ids).size).toBe(SEEDED);

    const sent = h.sandbox.requests.list({ pathPrefix: '/contacts/', afterSeq: after, method: 'GET' });
    expect(sent).toHaveLength(Math.ceil(SEEDED / 100));
    for (const [index, request] of sent.entries()) {
      expect(request.query).toMatchObject({ locationId: h.locationId, query: 'example.com', limit: '100' });
      if (index > 0)
        expect(Object.keys(request.query)).toEqual(expect.arrayContaining(['startAfter', 'startAfterId']));
    }
  });

  it('get-contacts pages on with both meta.startAfter and meta.startAfterId', async () => {
    const first = await h.run<{
      contacts: { id: string }[];
      meta: { startAfter: number; startAfterId: string };
    }>('get-contacts', { limit: 100 });
    const second = await h.run<{ contacts: { id: string }[] }>('get-contacts', {
      limit: 100,
      startAfter: first.meta.startAfter,
      startAfterId: first.meta.startAfterId,
    });
    expect(first.contacts).toHaveLength(100);
    const firstIds = new Set(first.contacts.map((c) => c.id));
    expect(second.contacts.some((c) => firstIds.has(c.id))).toBe(false);

    const error = await failureOf(h.run('get-contacts', { startAfter: first.meta.startAfter }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('startAfterId');
  });

  it('legacyContacts and businessContacts stream whole lists', async () => {
    const client = ghlClientFor(h);
    expect((await collect(legacyContacts(client, { limit: 60 }))).length).toBe(SEEDED);
    const some = allIds.slice(0, 23);
    await h.run('add-remove-contact-from-business', { contactIds: some, businessId: 'biz-paged' });
    const linked = await collect(businessContacts(client, 'biz-paged', { limit: 5 }));
    expect(linked.map((c) => c.id).sort()).toEqual([...some].sort());
  });

  it('a contact’s tasks, notes and appointments stream through their iterators', async () => {
    const client = ghlClientFor(h);
    const location = h.sandbox.admin.location(h.locationId);
    const withAll = allIds.find(
      (id) =>
        (location.tasks.get(id)?.size ?? 0) > 0 &&
        (location.notes.get(id)?.size ?? 0) > 0 &&
        [...location.appointments.values()].some((a) => a.contactId === id),
    ) as string;
    const tasks = await collect(contactTasks(client, withAll));
    const notes = await collect(contactNotes(client, withAll));
    const appointments = await collect(contactAppointments(client, withAll));
    expect(tasks.map((t) => t.id).sort()).toEqual([...(location.tasks.get(withAll)?.keys() ?? [])].sort());
    expect(notes).toHaveLength(location.notes.get(withAll)?.size ?? -1);
    expect(appointments.every((a) => a.contactId === withAll)).toBe(true);
    expect(appointments.length).toBeGreaterThan(0);
  });
});
