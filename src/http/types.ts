export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryScalar = string | number | boolean | null | undefined;
/** An array repeats the key (`tags=a&tags=b`); `undefined` and `null` drop it. */
export type QueryValue = QueryScalar | readonly QueryScalar[];
export type Query = Record<string, QueryValue>;

export interface HttpRequest {
  method: HttpMethod;
  /** Path under the client's base URL, e.g. `/contacts/`. */
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `application/x-www-form-urlencoded`; exclusive with `body`. */
  form?: Query;
  headers?: Record<string, string>;
  /**
   * The caller vouches that sending this request twice has the same effect as once
   * (an upsert, a search), so it may be retried after an ambiguous failure. See retry.ts.
   */
  idempotent?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  data: T;
  /** Requests actually sent for this call (0 when a dry run intercepted it). */
  attempts: number;
}

/** A raw answer as it travels between the layers, before it becomes a result or an error. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  data: unknown;
}

/** What one logical call carries through every attempt. */
export interface CallContext {
  /** Requests sent so far. */
  sent: number;
  /** Set once the auth layer has asked for fresh credentials, so it asks at most once per call. */
  refreshedAuth: boolean;
}

/** One layer's view of everything below it. */
export type Send = (req: HttpRequest, ctx: CallContext) => Promise<RawResponse>;

export interface AuthStrategy {
  headers(): Promise<Record<string, string>>;
  /**
   * Called on a 401 with the credentials that were refused (so that a strategy can tell whether
   * someone already replaced them); true means fresh credentials exist and the request may be
   * sent again.
   */
  onUnauthorized?(refused: Record<string, string>): Promise<boolean>;
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
