import type { FastifyInstance, FastifyRequest } from 'fastify';
import { locationOf } from '../auth.ts';
import type { ContactService } from '../contact-service.ts';
import type { Contact, DuplicateField, Location } from '../model.ts';
import { renderContact, renderListItem, renderSearchContact } from '../render.ts';
import { type SearchRequest, searchContacts } from '../search.ts';
import { type GhlServices, READ } from './context.ts';

/** Search (POST), duplicate lookup, the deprecated list and the by-business list. */
export function searchRoutes(app: FastifyInstance, { contacts, validate }: GhlServices): void {
  app.post('/contacts/search', { config: READ }, async (request) => {
    const body = validate.body<SearchRequest>('search-contacts-advanced', request.body);
    const location = locationOf(request, body.locationId);
    const { total, hits } = searchContacts(location, body);
    return { contacts: hits.map((hit) => renderSearchContact(hit.contact, hit.key)), total };
  });

  app.get('/contacts/search/duplicate', { config: READ }, async (request) => {
    const query = validate.query<{ locationId: string; number?: string; email?: string }>(
      'get-duplicate-contact',
      request.query,
    );
    const location = locationOf(request, query.locationId);
    const match = findDuplicateForLookup(contacts, location, query.email, query.number);
    return { contact: match ? renderContact(match) : null };
  });

  app.get('/contacts/', { config: READ }, async (request) => {
    const query = validate.query<LegacyListQuery>('get-contacts', request.query);
    const location = locationOf(request, query.locationId);
    return legacyList(request, location, query);
  });

  app.get('/contacts/business/:businessId', { config: READ }, async (request) => {
    const query = validate.query<{ locationId: string; limit?: string; skip?: string; query?: string }>(
      'get-contacts-by-businessId',
      request.query,
    );
    const location = locationOf(request, query.locationId);
    const { businessId } = request.params as { businessId: string };
    const text = query.query?.trim().toLowerCase();
    const matching = byDateAdded(location).filter(
      (c) => c.businessId === businessId && (!text || matchesText(c, text)),
    );
    const skip = Math.max(0, Number.parseInt(query.skip ?? '0', 10) || 0);
    const limit = Math.max(1, Number.parseInt(query.limit ?? '25', 10) || 25);
    return { contacts: matching.slice(skip, skip + limit).map(renderListItem), count: matching.length };
  });
}

/** Allowed duplicates: email first, then phone; otherwise the location's own identifier order. */
function findDuplicateForLookup(
  contacts: ContactService,
  location: Location,
  email?: string,
  phone?: string,
) {
  const order: DuplicateField[] = location.settings.allowDuplicateContact
    ? ['email', 'phone']
    : location.settings.duplicatePriority;
  return contacts.findDuplicate(location, { email: email ?? null, phone: phone ?? null }, undefined, order)
    ?.contact;
}

interface LegacyListQuery {
  locationId: string;
  startAfterId?: string;
  startAfter?: number;
  query?: string;
  limit?: number;
}

function byDateAdded(location: Location): Contact[] {
  return [...location.contacts.values()].sort((a, b) =>
    a.dateAdded !== b.dateAdded ? a.dateAdded - b.dateAdded : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}

function matchesText(contact: Contact, text: string): boolean {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ').toLowerCase();
  return (
    name.includes(text) ||
    (contact.email?.toLowerCase().includes(text) ?? false) ||
    (contact.phone?.includes(text) ?? false)
  );
}

/**
 * The deprecated `GET /contacts/`: oldest first, paged by the last item's (dateAdded, id).
 * As in the wild, the cursor only applies when `startAfterId` is sent: `startAfter` alone
 * answers the first page again.
 */
function legacyList(request: FastifyRequest, location: Location, query: LegacyListQuery) {
  const limit = query.limit ?? 20;
  const text = query.query?.trim().toLowerCase();
  const all = byDateAdded(location).filter((c) => !text || matchesText(c, text));
  let start = 0;
  if (query.startAfterId) {
    const after = query.startAfter ?? location.contacts.get(query.startAfterId)?.dateAdded ?? 0;
    const id = query.startAfterId;
    start = all.findIndex((c) => c.dateAdded > after || (c.dateAdded === after && c.id > id));
    if (start === -1) start = all.length;
  }
  const page = all.slice(start, start + limit);
  const last = page.at(-1);
  const more = start + page.length < all.length;
  const currentPage = Math.floor(start / limit) + 1;
  const base = `${request.protocol}://${request.host}`;
  const next = more && last ? { startAfter: last.dateAdded, startAfterId: last.id } : undefined;
  return {
    contacts: page.map(renderListItem),
    count: all.length,
    meta: {
      total: all.length,
      nextPageUrl: next
        ? `${base}/contacts/?locationId=${location.id}&startAfter=${next.startAfter}&startAfterId=${next.startAfterId}` +
          (query.limit ? `&limit=${limit}` : '') +
          (query.query ? `&query=${encodeURIComponent(query.query)}` : '')
        : null,
      startAfterId: next?.startAfterId ?? null,
      startAfter: next?.startAfter ?? null,
      currentPage,
      nextPage: more ? currentPage + 1 : null,
      prevPage: currentPage > 1 ? currentPage - 1 : null,
    },
  };
}
