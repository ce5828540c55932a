/** Which response headers carry an API's rate-limit state; each is optional. */
export interface RateLimitHeaderNames {
  /** Requests allowed per burst window, e.g. `x-ratelimit-max`. */
  limit?: string;
  /** The burst window in milliseconds. */
  windowMs?: string;
  /** Requests left in the current burst window. */
  remaining?: string;
  dailyLimit?: string;
  dailyRemaining?: string;
  /** When the daily quota resets: epoch seconds or milliseconds, seconds from now, or a date. */
  dailyReset?: string;
}

/** What the throttle assumes until an API's headers say otherwise. */
export interface RateLimitDefaults {
  limit: number;
  windowMs: number;
  /** Omit when the API has no daily quota. */
  dailyLimit?: number;
}

export interface RateLimitProfile {
  defaults: RateLimitDefaults;
  headers: RateLimitHeaderNames;
}

/** 100 requests per 10 s and 200,000 a day, per app and location (ghl-api-notes §7). */
export const GHL_RATE_LIMITS: RateLimitProfile = {
  defaults: { limit: 100, windowMs: 10_000, dailyLimit: 200_000 },
  headers: {
    limit: 'x-ratelimit-max',
    windowMs: 'x-ratelimit-interval-milliseconds',
    remaining: 'x-ratelimit-remaining',
    dailyLimit: 'x-ratelimit-limit-daily',
    dailyRemaining: 'x-ratelimit-daily-remaining',
    // Not documented; the official SDK reads it when present, so it is honoured if it ever appears.
    dailyReset: 'x-ratelimit-daily-reset',
  },
};

/** 1,000 requests per 60 s per project; the two headers are reported by a third party only. */
export const GLEAP_RATE_LIMITS: RateLimitProfile = {
  defaults: { limit: 1_000, windowMs: 60_000 },
  headers: { limit: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining' },
};

/** What one response said; a field is undefined when its header was absent or unreadable. */
export interface RateLimitReading {
  limit?: number;
  windowMs?: number;
  remaining?: number;
  dailyLimit?: number;
  dailyRemaining?: number;
  dailyResetAt?: Date;
}

export function readRateLimitHeaders(
  names: RateLimitHeaderNames,
  headers: Record<string, string>,
  now = Date.now(),
): RateLimitReading {
  const number = (name: string | undefined) => {
    if (!name) return undefined;
    const raw = headers[name.toLowerCase()];
    if (raw === undefined || raw.trim() === '') return undefined;
    const value = Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const resetRaw = names.dailyReset ? headers[names.dailyReset.toLowerCase()] : undefined;
  return {
    limit: positive(number(names.limit)),
    windowMs: positive(number(names.windowMs)),
    remaining: number(names.remaining),
    dailyLimit: positive(number(names.dailyLimit)),
    dailyRemaining: number(names.dailyRemaining),
    dailyResetAt: resetRaw === undefined ? undefined : parseResetTime(resetRaw, now),
  };
}

/**
 * The reset header's format is unconfirmed, so every common one is accepted: epoch
 * milliseconds, epoch seconds, seconds from now, or an HTTP/ISO date.
 */
export function parseResetTime(raw: string, now = Date.now()): Date | undefined {
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const value = Number(text);
    if (value >= 1e12) return new Date(value);
    if (value >= 1e9) return new Date(value * 1000);
    return new Date(now + value * 1000);
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : new Date(parsed);
}

/** `Retry-After` is either delay seconds or an HTTP date; the answer is a delay in ms. */
export function parseRetryAfter(raw: string | undefined, now = Date.now()): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : Math.max(0, parsed - now);
}

export function nextUtcMidnight(now = Date.now()): Date {
  const date = new Date(now);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1));
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}
