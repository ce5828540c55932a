export { bearerAuth, withAuth } from './auth.ts';
export { createHttpClient, DEFAULT_TIMEOUT_MS, type HttpClient, type HttpClientOptions } from './client.ts';
export {
  type CursorPaginationOptions,
  dedupeById,
  eachItem,
  type OffsetPaginationOptions,
  type Page,
  paginateCursor,
  paginateOffset,
} from './paginate.ts';
export {
  GHL_RATE_LIMITS,
  GLEAP_RATE_LIMITS,
  nextUtcMidnight,
  parseResetTime,
  parseRetryAfter,
  type RateLimitDefaults,
  type RateLimitHeaderNames,
  type RateLimitProfile,
  type RateLimitReading,
  readRateLimitHeaders,
} from './rate-limit-headers.ts';
export {
  DEFAULT_RETRY_POLICY,
  fullJitterDelay,
  isRetryableStatus,
  mayRepeat,
  type RetryHooks,
  type RetryPolicy,
  withRetry,
} from './retry.ts';
export {
  createThrottle,
  type Throttle,
  type ThrottleOptions,
  type ThrottlePermit,
  type ThrottleStats,
} from './throttle.ts';
export { withThrottle } from './throttle-layer.ts';
export { createFetchTransport, type TransportOptions } from './transport.ts';
export type {
  AuthStrategy,
  CallContext,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  Query,
  QueryValue,
  RawResponse,
  Send,
} from './types.ts';
