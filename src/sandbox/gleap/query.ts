import { GleapError } from './model.ts';

/**
 * Gleap's list query language (API overview, "Querying"): any document property as a query
 * parameter, `>=`, `<=`, `>`, `<` for dates, comma-separated values for "any of", plus
 * `sort`, `limit` and `skip`. The operators sit in the raw query string
 * (`updatedAt>=2025-09-01T00:00:00.000Z`), so it is parsed here rather than by fastify.
 */

export type Operator = 'eq' | 'gte' | 'lte' | 'gt' | 'lt';

export interface Filter {
  path: string;
  op: Operator;
  value: string;
}

export interface ListQuery {
  filters: Filter[];
  sort: { path: string; descending: boolean }[];
  limit: number | undefined;
  skip: number;
  /** Parameters that are not filters (`ignoreArchived`, `searchTerm`...), by name. */
  options: Map<string, string>;
}

const PAGING = new Set(['limit', 'skip', 'sort']);

export function parseListQuery(url: string, optionNames: readonly string[] = []): ListQuery {
  const at = url.indexOf('?');
  const query: ListQuery = { filters: [], sort: [], limit: undefined, skip: 0, options: new Map() };
  if (at === -1) return query;
  const options = new Set(optionNames);
  for (const piece of url.slice(at + 1).split('&')) {
    if (!piece) continue;
    const filter = parsePiece(piece);
    if (!filter) continue;
    if (filter.op === 'eq' && (PAGING.has(filter.path) || options.has(filter.path))) {
      applyOption(query, filter.path, filter.value);
      continue;
    }
    query.filters.push(filter);
  }
  return query;
}

function parsePiece(piece: string): Filter | undefined {
  const eq = piece.indexOf('=');
  if (eq !== -1) {
    const key = decode(piece.slice(0, eq));
    const value = decode(piece.slice(eq + 1));
    if (key.endsWith('>')) return { path: key.slice(0, -1), op: 'gte', value };
    if (key.endsWith('<')) return { path: key.slice(0, -1), op: 'lte', value };
    return { path: key, op: 'eq', value };
  }
  const text = decode(piece);
  const match = /^([^<>]+)([<>])(.*)$/.exec(text);
  if (!match) return undefined;
  return { path: match[1]!, op: match[2] === '>' ? 'gt' : 'lt', value: match[3]! };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new GleapError(400, `The query string is not valid URL encoding near "${text.slice(0, 40)}".`);
  }
}

function applyOption(query: ListQuery, name: string, value: string): void {
  if (name === 'limit' || name === 'skip') {
    const number = Number(value);
    if (value === '' || !Number.isInteger(number) || number < 0) {
      throw new GleapError(400, `${name} must be a whole number of 0 or more.`, {
        [name]: { message: 'invalid integer number', value },
      });
    }
    if (name === 'limit') query.limit = number === 0 ? undefined : number;
    else query.skip = number;
    return;
  }
  if (name === 'sort') {
    query.sort = value
      .split(/[ ,]+/)
      .filter(Boolean)
      .map((field) =>
        field.startsWith('-')
          ? { path: field.slice(1), descending: true }
          : { path: field, descending: false },
      );
    return;
  }
  query.options.set(name, value);
}

/** Reads a dotted path (`customData.plan`) from a document. */
export function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function matchesFilters(doc: Record<string, unknown>, filters: readonly Filter[]): boolean {
  return filters.every((filter) => matchesFilter(valueAt(doc, filter.path), filter));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function matchesFilter(actual: unknown, filter: Filter): boolean {
  if (Array.isArray(actual)) return actual.some((item) => matchesFilter(item, filter));
  if (filter.op === 'eq') {
    return filter.value.split(',').some((candidate) => equals(actual, candidate));
  }
  if (actual === undefined || actual === null) return false;
  const order = compare(actual, filter.value, filter.path);
  switch (filter.op) {
    case 'gte':
      return order >= 0;
    case 'lte':
      return order <= 0;
    case 'gt':
      return order > 0;
    default:
      return order < 0;
  }
}

function equals(actual: unknown, candidate: string): boolean {
  if (typeof actual === 'boolean') return String(actual) === candidate;
  if (typeof actual === 'number') return candidate !== '' && actual === Number(candidate);
  if (typeof actual === 'string') return actual === candidate;
  if (actual === null || actual === undefined) return candidate === 'null';
  return false;
}

function compare(actual: unknown, candidate: string, path: string): number {
  if (typeof actual === 'number') return actual - Number(candidate);
  if (typeof actual === 'string' && ISO_DATE.test(actual)) {
    const wanted = Date.parse(candidate);
    if (Number.isNaN(wanted)) {
      throw new GleapError(
        400,
        `${path} is a date: compare it with an ISO 8601 date (YYYY-MM-DDTHH:mm:ss.sssZ).`,
        {
          [path]: { message: 'invalid date', value: candidate },
        },
      );
    }
    return Date.parse(actual) - wanted;
  }
  const text = String(actual);
  return text < candidate ? -1 : text > candidate ? 1 : 0;
}

/** Orders by the requested fields; ties keep creation order, so paging with skip is stable. */
export function sortDocs<T extends Record<string, unknown>>(
  docs: T[],
  sort: ListQuery['sort'],
  ranks: Record<string, Record<string, number>> = {},
): T[] {
  if (sort.length === 0) return docs;
  return [...docs].sort((a, b) => {
    for (const { path, descending } of sort) {
      const order = compareValues(
        rankOf(valueAt(a, path), ranks[path]),
        rankOf(valueAt(b, path), ranks[path]),
      );
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

function rankOf(value: unknown, ranks: Record<string, number> | undefined): unknown {
  return ranks && typeof value === 'string' && value in ranks ? ranks[value] : value;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  // Missing values sort first, as MongoDB sorts them.
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Applies skip and limit (`maxLimit` caps it, `defaultLimit` applies when none is given). */
export function page<T>(
  docs: T[],
  query: ListQuery,
  defaultLimit: number | undefined,
  maxLimit: number,
): T[] {
  const limit = Math.min(query.limit ?? defaultLimit ?? maxLimit, maxLimit);
  return docs.slice(query.skip, query.skip + limit);
}
