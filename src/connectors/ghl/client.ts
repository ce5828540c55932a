import type { ClientDeps, HttpClientLike, HttpRequestLike, HttpResponseLike } from '../../kernel/define.ts';
import type { operations } from './generated/contacts.d.ts';
import { type GhlOperationId, ghlOperations } from './operations.ts';

export const GHL_API_VERSION = '2021-07-28';
export const GHL_BASE_URL = 'https://services.leadconnectorhq.com';

type Op<Id extends GhlOperationId> = operations[Id];
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : unknown;
type PathOf<Id extends GhlOperationId> = Op<Id>['parameters'] extends { path: infer P } ? P : undefined;
type QueryOf<Id extends GhlOperationId> = Op<Id>['parameters'] extends { query?: infer Q } ? Q : undefined;
type BodyOf<Id extends GhlOperationId> =
  Op<Id> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : undefined;

/** The spec's success body (200 or 201) of an operation. */
export type GhlResult<Id extends GhlOperationId> = Op<Id>['responses'] extends infer R
  ? 200 extends keyof R
    ? Json<R[200]>
    : 201 extends keyof R
      ? Json<R[201]>
      : unknown
  : unknown;

export interface GhlCallOptions<Id extends GhlOperationId> {
  path?: PathOf<Id>;
  query?: QueryOf<Id>;
  body?: BodyOf<Id> | Record<string, unknown>;
  /** Safe to send twice (upsert, search, set-like tag changes): may be retried after an ambiguous failure. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

/**
 * A thin typed layer over the shared HTTP client: operations by their spec id, path
 * parameters encoded, `Version` on every call. Auth, throttling and retries live below.
 */
export class GhlClient {
  readonly locationId: string;
  readonly #http: HttpClientLike;

  constructor(http: HttpClientLike, locationId: string) {
    this.#http = http;
    this.locationId = locationId;
  }

  async call<Id extends GhlOperationId>(id: Id, options: GhlCallOptions<Id> = {}): Promise<GhlResult<Id>> {
    const operation = ghlOperations[id];
    const params = (options.path ?? {}) as Record<string, string>;
    const path = operation.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = params[name];
      if (value === undefined || value === '')
        throw new TypeError(`${id}: path parameter "${name}" is missing.`);
      return encodeURIComponent(value);
    });
    const response = await this.#http.request<GhlResult<Id>>({
      method: operation.method,
      path,
      headers: { Version: GHL_API_VERSION, Accept: 'application/json' },
      ...(options.query ? { query: options.query as Record<string, string> } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.idempotent ? { idempotent: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return response.data;
  }

  /**
   * A request by path, with `Version` like every call: for endpoints outside the contacts spec
   * (the location's custom-field catalogue) and for the paginators, which merge a cursor into
   * the query or body of one request.
   */
  request<T = unknown>(req: HttpRequestLike): Promise<HttpResponseLike<T>> {
    return this.#http.request<T>({
      ...req,
      headers: { Version: GHL_API_VERSION, Accept: 'application/json', ...req.headers },
    });
  }
}

export function createGhlClient({ http, connection }: ClientDeps): GhlClient {
  const locationId = connection.meta.locationId;
  if (typeof locationId !== 'string' || locationId === '') {
    throw new TypeError(`Connection "${connection.name}" has no GHL location id.`);
  }
  return new GhlClient(http, locationId);
}
