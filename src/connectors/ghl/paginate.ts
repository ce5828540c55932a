import { eachItem, type Page, paginateCursor, paginateOffset } from '../../http/paginate.ts';
import { BridgeError } from '../../kernel/errors.ts';
import type { GhlClient } from './client.ts';
import { ghlOperations } from './operations.ts';
import type { Appointment, Contact, Note, SearchCursor, SearchedContact, Task } from './schemas.ts';
import { criteriaBody, SEARCH_MAX_PAGE_LIMIT, type SearchCriteria } from './search-query.ts';

/**
 * Async iterators over GHL's lists, one page in memory at a time. Every page is the first
 * request with only the cursor merged in (src/http/paginate.ts): `locationId`, the query and the
 * filters travel on every page, never just the first.
 */

export const LIST_MAX_LIMIT = 100;

interface Paging {
  signal?: AbortSignal | undefined;
  /** Stop after this many pages (default: the whole list). */
  maxPages?: number | undefined;
}

export interface SearchAnswer {
  contacts: SearchedContact[];
  total: number;
}

export interface ContactSearch extends SearchCriteria, Paging {
  /** Contacts per page, at most 500 (default 500, the API's maximum). */
  pageLimit?: number | undefined;
  /** Resume after this cursor (the `searchAfter` of the last contact seen). */
  searchAfter?: SearchCursor | undefined;
}

/** `POST /contacts/search`, paged with `searchAfter` (page numbers stop at 10,000 contacts). */
export function searchContactPages(client: GhlClient, search: ContactSearch = {}) {
  const pageLimit = Math.min(search.pageLimit ?? SEARCH_MAX_PAGE_LIMIT, SEARCH_MAX_PAGE_LIMIT);
  return paginateCursor<SearchAnswer, SearchedContact>(client, {
    request: {
      method: 'POST',
      path: ghlOperations['search-contacts-advanced'].path,
      body: { locationId: client.locationId, pageLimit, ...criteriaBody(search) },
      // A search changes nothing, so it may be sent again after an ambiguous failure.
      idempotent: true,
      ...(search.signal ? { signal: search.signal } : {}),
    },
    cursorIn: 'body',
    items: (data) => data.contacts ?? [],
    nextCursor: (_data, items) => {
      if (items.length < pageLimit) return undefined;
      const cursor = items.at(-1)?.searchAfter;
      if (!cursor || cursor.length === 0) {
        throw new BridgeError(
          'api',
          'POST /contacts/search answered a full page without a searchAfter cursor.',
          {
            hint: 'The list cannot be continued safely; narrow the search with filters.',
          },
        );
      }
      return { searchAfter: cursor };
    },
    ...(search.searchAfter ? { startCursor: { searchAfter: search.searchAfter } } : {}),
    ...(search.maxPages !== undefined ? { maxPages: search.maxPages } : {}),
  });
}

export function searchContacts(
  client: GhlClient,
  search: ContactSearch = {},
): AsyncGenerator<SearchedContact> {
  return eachItem(searchContactPages(client, search));
}

export interface LegacyListAnswer {
  contacts: Contact[];
  count?: number;
  meta?: { startAfter?: number | null; startAfterId?: string | null; total?: number };
}

export interface LegacyList extends Paging {
  query?: string | undefined;
  /** Contacts per page, at most 100 (default 100). */
  limit?: number | undefined;
}

/**
 * The deprecated `GET /contacts/`. The next page needs BOTH `startAfter` and `startAfterId`
 * (with `startAfter` alone GHL answers page 1 again), merged into the query that carries
 * `locationId`. They come from `meta`; an answer without `meta` falls back to the last contact.
 */
export function legacyContactPages(client: GhlClient, list: LegacyList = {}) {
  const limit = Math.min(list.limit ?? LIST_MAX_LIMIT, LIST_MAX_LIMIT);
  return paginateCursor<LegacyListAnswer, Contact>(client, {
    request: {
      method: 'GET',
      path: ghlOperations['get-contacts'].path,
      query: { locationId: client.locationId, limit, ...(list.query ? { query: list.query } : {}) },
      ...(list.signal ? { signal: list.signal } : {}),
    },
    cursorIn: 'query',
    items: (data) => data.contacts ?? [],
    nextCursor: (data, items) => {
      if (data.meta) {
        const { startAfter, startAfterId } = data.meta;
        return startAfterId && startAfter != null ? { startAfter, startAfterId } : undefined;
      }
      const last = items.at(-1);
      const startAfter = last?.dateAdded ? Date.parse(last.dateAdded) : Number.NaN;
      if (items.length < limit || !last || Number.isNaN(startAfter)) return undefined;
      return { startAfter, startAfterId: last.id };
    },
    ...(list.maxPages !== undefined ? { maxPages: list.maxPages } : {}),
  });
}

export function legacyContacts(client: GhlClient, list: LegacyList = {}): AsyncGenerator<Contact> {
  return eachItem(legacyContactPages(client, list));
}

export interface BusinessList extends Paging {
  query?: string | undefined;
  /** Contacts per page (default 100). */
  limit?: number | undefined;
}

/** `GET /contacts/business/{businessId}`, paged with `skip` and `limit`. */
export function businessContactPages(
  client: GhlClient,
  businessId: string,
  list: BusinessList = {},
): AsyncGenerator<Page<{ contacts: Contact[]; count?: number }, Contact>> {
  return paginateOffset<{ contacts: Contact[]; count?: number }, Contact>(client, {
    request: {
      method: 'GET',
      path: `/contacts/business/${encodeURIComponent(businessId)}`,
      query: { locationId: client.locationId, ...(list.query ? { query: list.query } : {}) },
      ...(list.signal ? { signal: list.signal } : {}),
    },
    style: 'offset',
    positionParam: 'skip',
    pageSize: list.limit ?? LIST_MAX_LIMIT,
    items: (data) => data.contacts ?? [],
    ...(list.maxPages !== undefined ? { maxPages: list.maxPages } : {}),
  });
}

export function businessContacts(
  client: GhlClient,
  businessId: string,
  list: BusinessList = {},
): AsyncGenerator<Contact> {
  return eachItem(businessContactPages(client, businessId, list));
}

/*
 * A contact's tasks, notes and appointments come in one answer each: the API has no paging for
 * them. The iterators give them the same shape as the lists above.
 */

export async function* contactTasks(
  client: GhlClient,
  contactId: string,
  signal?: AbortSignal,
): AsyncGenerator<Task> {
  const data = await client.call('get-all-tasks', { path: { contactId }, ...(signal ? { signal } : {}) });
  yield* (data.tasks ?? []) as Task[];
}

export async function* contactNotes(
  client: GhlClient,
  contactId: string,
  signal?: AbortSignal,
): AsyncGenerator<Note> {
  const data = await client.call('get-all-notes', { path: { contactId }, ...(signal ? { signal } : {}) });
  yield* (data.notes ?? []) as Note[];
}

export async function* contactAppointments(
  client: GhlClient,
  contactId: string,
  signal?: AbortSignal,
): AsyncGenerator<Appointment> {
  const data = await client.call('get-appointments-for-contact', {
    path: { contactId },
    ...(signal ? { signal } : {}),
  });
  yield* (data.events ?? []) as Appointment[];
}
