import { badRequest, unprocessable } from './errors.ts';
import type { Contact, Location } from './model.ts';
import { fullName } from './render.ts';

/**
 * `POST /contacts/search` semantics (documented body: filters with eq/not_eq/contains/
 * not_contains/exists/not_exists/range, AND/OR groups, sort, page/pageLimit or
 * searchAfter cursors). Every hit carries `searchAfter` = its sort values + its id.
 */

export type SearchFilter =
  | { field: string; operator: string; value?: unknown }
  | { group: string; filters: SearchFilter[] };

export interface SearchRequest {
  locationId: string;
  page?: number;
  pageLimit: number;
  searchAfter?: (string | number | null)[];
  filters?: SearchFilter[];
  sort?: { field: string; direction: 'asc' | 'desc' }[];
  query?: string;
}

type Value = string | number | boolean | string[] | undefined;

const DATE_FIELDS = new Set(['dateAdded', 'dateUpdated']);
const lower = (value: string | undefined) => value?.toLowerCase();

const FIELDS: Record<string, (c: Contact) => Value> = {
  id: (c) => c.id,
  firstName: (c) => c.firstName,
  lastName: (c) => c.lastName,
  firstNameLowerCase: (c) => lower(c.firstName),
  lastNameLowerCase: (c) => lower(c.lastName),
  fullNameLowerCase: (c) => lower(fullName(c)),
  contactName: (c) => fullName(c),
  email: (c) => c.email,
  phone: (c) => c.phone,
  companyName: (c) => c.companyName,
  businessName: (c) => c.companyName,
  businessId: (c) => c.businessId,
  source: (c) => c.source,
  type: (c) => c.type,
  assignedTo: (c) => c.assignedTo,
  address: (c) => c.address1,
  address1: (c) => c.address1,
  city: (c) => c.city,
  state: (c) => c.state,
  country: (c) => c.country,
  postalCode: (c) => c.postalCode,
  website: (c) => c.website,
  timezone: (c) => c.timezone,
  dateOfBirth: (c) => c.dateOfBirth,
  dnd: (c) => c.dnd,
  tags: (c) => c.tags,
  followers: (c) => c.followers,
  dateAdded: (c) => c.dateAdded,
  dateUpdated: (c) => c.dateUpdated,
};

function getter(field: string): ((c: Contact) => Value) | undefined {
  const known = FIELDS[field];
  if (known) return known;
  const custom = /^customFields?\.(.+)$/.exec(field);
  if (!custom) return undefined;
  const id = custom[1]!;
  return (c) => {
    const value = c.customFields[id];
    return value === undefined || value === null
      ? undefined
      : Array.isArray(value)
        ? value.map(String)
        : String(value);
  };
}

/** Dates in filters may be ISO strings or epoch milliseconds. */
function asComparable(field: string, value: unknown): string | number | boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (DATE_FIELDS.has(field)) {
    const ms = typeof value === 'number' ? value : Date.parse(String(value));
    if (Number.isNaN(ms)) throw unprocessable([`${field} filter value must be a date`]);
    return ms;
  }
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  return String(value).toLowerCase();
}

function present(value: Value): boolean {
  return value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
}

function compile(filter: SearchFilter, path: string): (c: Contact) => boolean {
  if ('group' in filter) {
    const parts = (filter.filters ?? []).map((f, i) => compile(f, `${path}.filters.${i}`));
    return filter.group.toUpperCase() === 'OR'
      ? (c) => parts.some((p) => p(c))
      : (c) => parts.every((p) => p(c));
  }
  const get = getter(filter.field);
  if (!get) throw unprocessable([`${path}.field ${filter.field} is not supported`]);
  const field = filter.field;
  if (filter.operator === 'range') return rangeFilter(field, get, filter.value, path);
  const values = (Array.isArray(filter.value) ? filter.value : [filter.value]).map((v) =>
    asComparable(field, v),
  );
  const each = (value: Value, test: (v: string | number | boolean) => boolean) => {
    if (!present(value)) return false;
    const list: (string | number | boolean)[] = Array.isArray(value)
      ? value
      : [value as string | number | boolean];
    return list.some((v) => test(typeof v === 'string' ? v.toLowerCase() : v));
  };
  const eq = (c: Contact) =>
    each(get(c), (v) => values.some((w) => w === v || (typeof v === 'boolean' && String(v) === w)));
  const contains = (c: Contact) =>
    each(get(c), (v) => values.some((w) => w !== undefined && String(v).includes(String(w))));
  switch (filter.operator) {
    case 'eq':
      return eq;
    case 'not_eq':
      return (c) => !eq(c);
    case 'contains':
      return contains;
    case 'not_contains':
      return (c) => !contains(c);
    case 'exists':
      return (c) => present(get(c));
    case 'not_exists':
      return (c) => !present(get(c));
    default:
      throw unprocessable([`${path}.operator ${filter.operator} is not supported`]);
  }
}

function rangeFilter(field: string, get: (c: Contact) => Value, value: unknown, path: string) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw unprocessable([`${path}.value must be an object with gt, gte, lt or lte`]);
  }
  const bounds = value as Record<string, unknown>;
  const gt = asComparable(field, bounds.gt);
  const gte = asComparable(field, bounds.gte);
  const lt = asComparable(field, bounds.lt);
  const lte = asComparable(field, bounds.lte);
  return (c: Contact) => {
    const raw = get(c);
    if (!present(raw) || Array.isArray(raw)) return false;
    const v = typeof raw === 'string' ? raw.toLowerCase() : raw!;
    return (
      (gt === undefined || v > gt) &&
      (gte === undefined || v >= gte) &&
      (lt === undefined || v < lt) &&
      (lte === undefined || v <= lte)
    );
  };
}

type SortKey = (string | number | null)[];

function sortValue(field: string, c: Contact): string | number | null {
  const value = getter(field)!(c);
  if (value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return (Array.isArray(value) ? value.join(',') : value).toLowerCase();
}

/** Missing values sort last in either direction, as in Elasticsearch; the id breaks ties. */
function comparator(sort: NonNullable<SearchRequest['sort']>) {
  return (a: SortKey, b: SortKey): number => {
    for (let i = 0; i < sort.length; i++) {
      const x = a[i] ?? null;
      const y = b[i] ?? null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const order = x < y ? -1 : 1;
      return sort[i]!.direction === 'desc' ? -order : order;
    }
    const x = String(a[sort.length]);
    const y = String(b[sort.length]);
    return x === y ? 0 : x < y ? -1 : 1;
  };
}

const DEFAULT_SORT: NonNullable<SearchRequest['sort']> = [{ field: 'dateAdded', direction: 'desc' }];
const MAX_WINDOW = 10_000;

export function searchContacts(location: Location, request: SearchRequest) {
  if (request.page !== undefined && request.searchAfter !== undefined) {
    throw unprocessable(['page and searchAfter cannot be used together']);
  }
  const sort = request.sort && request.sort.length > 0 ? request.sort : DEFAULT_SORT;
  sort.forEach((s, i) => {
    if (!getter(s.field)) throw unprocessable([`sort.${i}.field ${s.field} is not supported`]);
  });
  const filters = (request.filters ?? []).map((f, i) => compile(f, `filters.${i}`));
  const query = request.query?.trim().toLowerCase();
  const hits: { contact: Contact; key: SortKey }[] = [];
  for (const contact of location.contacts.values()) {
    if (query && !matchesQuery(contact, query)) continue;
    if (!filters.every((f) => f(contact))) continue;
    hits.push({ contact, key: [...sort.map((s) => sortValue(s.field, contact)), contact.id] });
  }
  const compare = comparator(sort);
  hits.sort((a, b) => compare(a.key, b.key));

  let start = 0;
  if (request.searchAfter) {
    const cursor = request.searchAfter;
    start = hits.findIndex((hit) => compare(hit.key, cursor) > 0);
    if (start === -1) start = hits.length;
  } else {
    const page = request.page ?? 1;
    if (page * request.pageLimit > MAX_WINDOW) {
      throw badRequest(`page * pageLimit must not exceed ${MAX_WINDOW}; use searchAfter to page further`);
    }
    start = (page - 1) * request.pageLimit;
  }
  return { total: hits.length, hits: hits.slice(start, start + request.pageLimit) };
}

function matchesQuery(contact: Contact, query: string): boolean {
  const digits = query.replace(/\D/g, '');
  return (
    (fullName(contact)?.toLowerCase().includes(query) ?? false) ||
    (contact.email?.toLowerCase().includes(query) ?? false) ||
    (contact.companyName?.toLowerCase().includes(query) ?? false) ||
    (digits.length >= 3 && (contact.phone?.includes(digits) ?? false))
  );
}
