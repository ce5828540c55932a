/**
 * Retry with full-jitter exponential backoff, and the rule for what may be retried.
 *
 * THE RULE. A request is retried only where sending it again cannot do harm:
 *
 * 1. GET, HEAD, PUT and DELETE are retried after a 429, a 5xx, or a network failure (refused,
 *    reset, timeout): the HTTP methods are idempotent, so a second copy changes nothing more.
 * 2. POST and PATCH are retried after those failures only when the caller marks the request
 *    `idempotent: true` (an upsert keyed by email, a search), because then a copy is harmless.
 * 3. Any other POST or PATCH (a create) is retried only when the server certainly did not act
 *    on it:
 *    - the connection was refused or the host not found: nothing was sent;
 *    - the server answered 429: it refused the request without processing it.
 * 4. Any other failure of such a request (5xx, reset, timeout once sent) is ambiguous: the
 *    record may exist already. It is not retried; it raises OutcomeUnknownError, which says so,
 *    so that the caller looks the record up instead of creating a duplicate.
 *
 * DELAYS. Attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs · 2^(n-1))]
 * ("full jitter": clients that failed together do not retry together). A `Retry-After`
 * header (seconds or an HTTP date) replaces that delay; after a 429 without one, the throttle's
 * pause for the key (the learned burst window) is used. A `Retry-After` longer than
 * `maxRetryAfterMs` is not slept through: the call fails with a RateLimitError so that the job
 * is rescheduled rather than holding a worker.
 */
import { ApiError, NetworkError, OutcomeUnknownError, RateLimitError } from '../kernel/errors.ts';
import { parseRetryAfter } from './rate-limit-headers.ts';
import type { HttpRequest, RawResponse, Send } from './types.ts';
import { isSuccess } from './types.ts';
import { pathOf } from './url.ts';

export interface RetryPolicy {
  /** Requests sent at most, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

export interface RetryHooks {
  /** The wait after a 429 that has no Retry-After, e.g. the throttle's pause for the key. */
  delayAfter429?: () => number | undefined;
  /** The name a RateLimitError gives the limit (e.g. the location id). */
  limitKey?: string;
  random?: () => number;
}

const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/** Whether a second copy of the request has no further effect (rules 1 and 2). */
export function mayRepeat(req: Pick<HttpRequest, 'method' | 'idempotent'>): boolean {
  return REPEATABLE_METHODS.has(req.method) || req.idempotent === true;
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

export function fullJitterDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return random() * ceiling;
}

export function withRetry(next: Send, policy: Partial<RetryPolicy> = {}, hooks: RetryHooks = {}): Send {
  const settings: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...policy };
  const random = hooks.random ?? Math.random;
  return async (req, ctx) => {
    for (let attempt = 1; ; attempt += 1) {
      let response: RawResponse;
      try {
        response = await next(req, ctx);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        if (!error.notSent && !mayRepeat(req))
          throw new OutcomeUnknownError(req.method, pathOf(req.path), error);
        if (attempt >= settings.maxAttempts) throw error;
        await sleep(fullJitterDelay(attempt, settings, random), req.signal);
        continue;
      }
      if (isSuccess(response.status) || !isRetryableStatus(response.status)) return response;
      if (response.status !== 429 && !mayRepeat(req)) {
        const failure = new ApiError(req.method, pathOf(req.path), response.status, response.data);
        throw new OutcomeUnknownError(req.method, pathOf(req.path), failure);
      }
      if (attempt >= settings.maxAttempts) return response;
      const delay = delayBefore(attempt, response, settings, hooks, random);
      if (delay > settings.maxRetryAfterMs) {
        if (response.status !== 429) return response;
        throw new RateLimitError(hooks.limitKey ?? pathOf(req.path), 'burst', new Date(Date.now() + delay));
      }
      await sleep(delay, req.signal);
    }
  };
}

function delayBefore(
  attempt: number,
  response: RawResponse,
  policy: RetryPolicy,
  hooks: RetryHooks,
  random: () => number,
): number {
  const retryAfter = parseRetryAfter(response.headers['retry-after']);
  if (retryAfter !== undefined) return retryAfter;
  if (response.status === 429) {
    const pause = hooks.delayAfter429?.();
    if (pause !== undefined && pause > 0) return pause;
  }
  return fullJitterDelay(attempt, policy, random);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
