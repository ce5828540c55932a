/**
 * Fixed-window rate limiter keyed by any string (an app+location, an API key...).
 * Two windows per key: a burst window of `intervalMs` and a daily window of `dayMs`.
 * Each app renders the numbers in its own headers, so the limiter only reports them.
 */

export interface RateLimits {
  /** Requests allowed per burst window. */
  max: number;
  /** Length of the burst window in milliseconds. */
  intervalMs: number;
  /** Requests allowed per daily window. */
  dailyMax: number;
  /** Length of the daily window in milliseconds (a day unless a test shortens it). */
  dayMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Which window refused the request, when one did. */
  exceeded: 'burst' | 'daily' | undefined;
  limit: number;
  remaining: number;
  intervalMs: number;
  /** Milliseconds until the burst window starts over. */
  resetInMs: number;
  dailyLimit: number;
  dailyRemaining: number;
  /** Milliseconds until the daily window starts over. */
  dailyResetInMs: number;
}

interface Counter {
  burstStart: number;
  burstCount: number;
  dayStart: number;
  dayCount: number;
}

export const DEFAULT_LIMITS: RateLimits = {
  max: 100,
  intervalMs: 10_000,
  dailyMax: 200_000,
  dayMs: 86_400_000,
};

export class RateLimiter {
  private limits: RateLimits;
  private readonly overrides = new Map<string, RateLimits>();
  private readonly counters = new Map<string, Counter>();

  constructor(limits: Partial<RateLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Changes the limits of every key (or of one key when `key` is given); counters are kept. */
  configure(limits: Partial<RateLimits>, key?: string): RateLimits {
    if (key === undefined) {
      this.limits = { ...this.limits, ...limits };
      return this.limits;
    }
    const next = { ...this.limitsFor(key), ...limits };
    this.overrides.set(key, next);
    return next;
  }

  limitsFor(key: string): RateLimits {
    return this.overrides.get(key) ?? this.limits;
  }

  /** Counts one request against `key` and says whether it may proceed. A refused request is not counted. */
  take(key: string, now = Date.now()): RateDecision {
    const limits = this.limitsFor(key);
    const counter = this.counterFor(key, limits, now);
    let exceeded: RateDecision['exceeded'];
    if (counter.dayCount >= limits.dailyMax) exceeded = 'daily';
    else if (counter.burstCount >= limits.max) exceeded = 'burst';
    else {
      counter.burstCount++;
      counter.dayCount++;
    }
    return this.decision(limits, counter, exceeded, now);
  }

  /** The numbers for `key` without counting a request. */
  peek(key: string, now = Date.now()): RateDecision {
    const limits = this.limitsFor(key);
    return this.decision(limits, this.counterFor(key, limits, now), undefined, now);
  }

  /** Forgets all counters (and per-key overrides when `overrides` is true). */
  reset(options: { overrides?: boolean; limits?: Partial<RateLimits> } = {}): void {
    this.counters.clear();
    if (options.overrides) this.overrides.clear();
    if (options.limits) this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  private counterFor(key: string, limits: RateLimits, now: number): Counter {
    let counter = this.counters.get(key);
    if (!counter) {
      counter = { burstStart: now, burstCount: 0, dayStart: now, dayCount: 0 };
      this.counters.set(key, counter);
    }
    if (now - counter.burstStart >= limits.intervalMs) {
      counter.burstStart = now;
      counter.burstCount = 0;
    }
    if (now - counter.dayStart >= limits.dayMs) {
      counter.dayStart = now;
      counter.dayCount = 0;
    }
    return counter;
  }

  private decision(
    limits: RateLimits,
    counter: Counter,
    exceeded: RateDecision['exceeded'],
    now: number,
  ): RateDecision {
    return {
      allowed: exceeded === undefined,
      exceeded,
      limit: limits.max,
      remaining: Math.max(0, limits.max - counter.burstCount),
      intervalMs: limits.intervalMs,
      resetInMs: Math.max(0, counter.burstStart + limits.intervalMs - now),
      dailyLimit: limits.dailyMax,
      dailyRemaining: Math.max(0, limits.dailyMax - counter.dayCount),
      dailyResetInMs: Math.max(0, counter.dayStart + limits.dayMs - now),
    };
  }
}
