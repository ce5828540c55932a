import { BridgeError, ValidationError } from '../kernel/errors.ts';
import type { HttpClient } from './client.ts';
import type { HttpRequest, Query } from './types.ts';
import { pathOf } from './url.ts';

/**
 * Page iterators hold one page at a time, so memory stays bounded however long the list.
 * A cursor or offset is always MERGED over the request's own query or body: replacing them
 * would drop `locationId` and the filters, and the API would answer another list or refuse.
 */

type Fields = Record<string, unknown>;

export interface Page<TData, TItem> {
  /** 1 for the first page. */
  number: number;
  items: readonly TItem[];
  data: TData;
}

export interface CursorPaginationOptions<TData, TItem> {
  request: HttpRequest;
  /** Whether the cursor fields travel in the query string or in the JSON body. */
  cursorIn: 'query' | 'body';
  items: (data: TData) => readonly TItem[];
  /** The fields that ask for the page after this one, or undefined when this was the last. */
  nextCursor: (data: TData, items: readonly TItem[]) => Fields | undefined;
  /** Cursor of the first page, e.g. resumed from a checkpoint. */
  startCursor?: Fields;
  maxPages?: number;
}

export async function* paginateCursor<TData, TItem>(
  client: Pick<HttpClient, 'request'>,
  options: CursorPaginationOptions<TData, TItem>,
): AsyncGenerator<Page<TData, TItem> & { cursor: Fields | undefined }> {
  let cursor = options.startCursor;
  for (let number = 1; options.maxPages === undefined || number <= options.maxPages; number += 1) {
    const response = await client.request<TData>(withFields(options.request, options.cursorIn, cursor));
    const items = options.items(response.data);
    yield { number, items, data: response.data, cursor };
    if (items.length === 0) return;
    const next = options.nextCursor(response.data, items);
    if (next === undefined) return;
    if (cursor !== undefined && JSON.stringify(next) === JSON.stringify(cursor)) {
      throw new BridgeError(
        'api',
        `${options.request.method} ${pathOf(options.request.path)} returned the same cursor twice.`,
        {
          hint: 'The API did not advance the list; check the cursor fields the iterator sends.',
        },
      );
    }
    cursor = next;
  }
}

export interface OffsetPaginationOptions<TData, TItem> {
  request: HttpRequest;
  paramsIn?: 'query' | 'body';
  /** `offset` counts items to skip (`skip`, `offset`); `page` counts pages. */
  style: 'offset' | 'page';
  pageSize: number;
  /** Default `limit`. */
  limitParam?: string;
  /** Default `offset` for the offset style, `page` for the page style. */
  positionParam?: string;
  /** Number of the first page in the page style; default 1. */
  firstPage?: number;
  items: (data: TData) => readonly TItem[];
  /**
   * Stop after a page shorter than `pageSize` (default true). Turn off for an API that may return
   * fewer items than asked before the end; the list then ends at the first empty page.
   */
  stopOnShortPage?: boolean;
  maxPages?: number;
}

export async function* paginateOffset<TData, TItem>(
  client: Pick<HttpClient, 'request'>,
  options: OffsetPaginationOptions<TData, TItem>,
): AsyncGenerator<Page<TData, TItem>> {
  const limitParam = options.limitParam ?? 'limit';
  const positionParam = options.positionParam ?? options.style;
  let position = options.style === 'page' ? (options.firstPage ?? 1) : 0;
  for (let number = 1; options.maxPages === undefined || number <= options.maxPages; number += 1) {
    const fields = { [limitParam]: options.pageSize, [positionParam]: position };
    const response = await client.request<TData>(
      withFields(options.request, options.paramsIn ?? 'query', fields),
    );
    const items = options.items(response.data);
    yield { number, items, data: response.data };
    if (items.length === 0) return;
    if (items.length < options.pageSize && options.stopOnShortPage !== false) return;
    // Advance by what came back, so a server that caps the page size skips nothing.
    position += options.style === 'page' ? 1 : items.length;
  }
}

/** The items of each page in turn. */
export async function* eachItem<TItem>(
  pages: AsyncIterable<{ items: readonly TItem[] }>,
): AsyncGenerator<TItem> {
  for await (const page of pages) yield* page.items;
}

/**
 * Drops items whose id was seen among the last `remember` items. Offset pages shift when
 * records are added or re-sorted during a scan, which repeats items across a page boundary;
 * remembering a bounded number of ids catches that without keeping the whole list.
 */
export async function* dedupeById<TItem>(
  items: AsyncIterable<TItem>,
  idOf: (item: TItem) => string | number,
  options: { remember?: number } = {},
): AsyncGenerator<TItem> {
  const remember = options.remember ?? 10_000;
  const seen = new Set<string | number>();
  const order: (string | number)[] = [];
  let oldest = 0;
  for await (const item of items) {
    const id = idOf(item);
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    if (order.length - oldest > remember) {
      seen.delete(order[oldest] as string | number);
      oldest += 1;
      if (oldest > remember) {
        order.splice(0, oldest);
        oldest = 0;
      }
    }
    yield item;
  }
}

function withFields(request: HttpRequest, where: 'query' | 'body', fields: Fields | undefined): HttpRequest {
  if (fields === undefined) return request;
  if (where === 'query') return { ...request, query: { ...request.query, ...(fields as Query) } };
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError(`request ${request.method} ${pathOf(request.path)}`, [
      { path: 'body', message: 'must be a JSON object to carry the page cursor' },
    ]);
  }
  return { ...request, body: { ...(body as Fields), ...fields } };
}
