import { ApiError } from '../kernel/errors.ts';
import { withAuth } from './auth.ts';
import { type RetryPolicy, withRetry } from './retry.ts';
import type { Throttle } from './throttle.ts';
import { withThrottle } from './throttle-layer.ts';
import { createFetchTransport } from './transport.ts';
import type { AuthStrategy, CallContext, HttpRequest, HttpResponse } from './types.ts';
import { isSuccess } from './types.ts';
import { pathOf } from './url.ts';

export interface HttpClientOptions {
  baseUrl: string;
  defaultHeaders?: Record<string, string>;
  auth?: AuthStrategy;
  /** Whose rate limit the requests count against, e.g. a GHL location id or a Gleap project id. */
  rateLimitKey?: string;
  /** Shared by every client of the same API, so that one location's budget is counted once. */
  throttle?: Throttle;
  retry?: Partial<RetryPolicy>;
  /** Per attempt. */
  timeoutMs?: number;
  /**
   * Dry runs: for a request that is not a GET or HEAD, a returned response is used as the answer
   * and nothing is sent.
   */
  interceptWrite?: (req: HttpRequest) => HttpResponse | Promise<HttpResponse | undefined> | undefined;
  fetch?: typeof fetch;
}

export interface HttpClient {
  /** Resolves with a 2xx answer; otherwise rejects with ApiError, RateLimitError, NetworkError or OutcomeUnknownError. */
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Composes the layers, outermost first: retry → auth → throttle → fetch. Retry is outermost so
 * that every attempt takes a fresh throttle slot and fresh credentials; auth sits above the
 * throttle so that its replay after a 401 is throttled too.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const rateLimitKey = options.rateLimitKey ?? options.baseUrl;
  const transport = createFetchTransport({
    baseUrl: options.baseUrl,
    defaultHeaders: options.defaultHeaders,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch,
  });
  const throttled = withThrottle(transport, options.throttle, rateLimitKey);
  const authenticated = withAuth(throttled, options.auth);
  const send = withRetry(authenticated, options.retry, {
    limitKey: rateLimitKey,
    delayAfter429: options.throttle ? () => options.throttle?.pauseRemainingMs(rateLimitKey) : undefined,
  });

  return {
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      if (options.interceptWrite && req.method !== 'GET' && req.method !== 'HEAD') {
        const intercepted = await options.interceptWrite(req);
        if (intercepted) return { ...intercepted, attempts: 0 } as HttpResponse<T>;
      }
      const ctx: CallContext = { sent: 0, refreshedAuth: false };
      const response = await send(req, ctx);
      if (!isSuccess(response.status)) {
        throw new ApiError(req.method, pathOf(req.path), response.status, response.data);
      }
      return {
        status: response.status,
        headers: response.headers,
        data: response.data as T,
        attempts: ctx.sent,
      };
    },
  };
}
