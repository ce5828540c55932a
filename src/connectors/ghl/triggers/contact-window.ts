import type { GhlClient } from '../client.ts';
import { searchContactPages } from '../paginate.ts';
import type { SearchCursor, SearchedContact } from '../schemas.ts';

/**
 * Walks the contacts whose `dateAdded` or `dateUpdated` moved since the last poll, oldest first,
 * each (contact, timestamp) once across polls and restarts:
 * - the search runs from `since - overlap` (a change the search index shows late, or several
 *   sharing the boundary millisecond, is not lost) and the versions already visited in that
 *   overlap are remembered in `seen`, so nothing is visited twice;
 * - within one poll, pages follow `searchAfter` = (timestamp, id), exact even when many contacts
 *   share a timestamp; a poll that stops at `maxPages` keeps that cursor in `resume`;
 * - `floor` is when the trigger was switched on: nothing older is ever visited (no history).
 */
export interface ContactWindowCursor {
  since: number;
  floor: number;
  /** `<contactId>:<timestamp>` of versions visited at or after `since - overlap`, with their timestamp. */
  seen: Array<[string, number]>;
  resume?: { from: number; after: SearchCursor };
}

export interface ContactWindowOptions extends WindowSettings {
  field: 'dateAdded' | 'dateUpdated';
}

/** How a polling trigger reads the search: overlap, page size, pages per poll. */
export interface WindowSettings {
  overlapMs: number;
  pageLimit: number;
  maxPages: number;
}

export const DEFAULT_WINDOW: WindowSettings = { overlapMs: 60_000, pageLimit: 100, maxPages: 20 };

export function startCursor(now: number): ContactWindowCursor {
  return { since: now, floor: now, seen: [] };
}

export async function walkChangedContacts(
  client: GhlClient,
  cursor: ContactWindowCursor,
  options: ContactWindowOptions,
  visit: (contact: SearchedContact, at: number) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<ContactWindowCursor> {
  const from = cursor.resume?.from ?? Math.max(cursor.floor, cursor.since - options.overlapMs);
  const seen = new Map(cursor.seen);
  let since = cursor.since;
  let last: SearchCursor | undefined;
  let pages = 0;
  let full = false;
  for await (const page of searchContactPages(client, {
    filters: [{ field: options.field, operator: 'range', value: { gte: new Date(from).toISOString() } }],
    sort: [{ field: options.field, direction: 'asc' }],
    pageLimit: options.pageLimit,
    maxPages: options.maxPages,
    searchAfter: cursor.resume?.after,
    signal,
  })) {
    pages += 1;
    full = page.items.length >= options.pageLimit;
    for (const contact of page.items) {
      last = contact.searchAfter ?? last;
      const at = Date.parse(String(contact[options.field] ?? ''));
      if (Number.isNaN(at) || at < cursor.floor) continue;
      const key = `${contact.id}:${at}`;
      if (seen.has(key)) continue;
      await visit(contact, at);
      seen.set(key, at);
      since = Math.max(since, at);
    }
  }
  const truncated = pages >= options.maxPages && full && last !== undefined;
  const keepFrom = since - options.overlapMs;
  const next: ContactWindowCursor = {
    since,
    floor: cursor.floor,
    seen: [...seen].filter(([, at]) => at >= keepFrom),
  };
  if (truncated && last) next.resume = { from, after: last };
  return next;
}
