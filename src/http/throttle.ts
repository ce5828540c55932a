import { RateLimitError } from '../kernel/errors.ts';
import { BurstWindow } from './burst-window.ts';
import { DailyQuota } from './daily-quota.ts';
import { parseRetryAfter, type RateLimitProfile, readRateLimitHeaders } from './rate-limit-headers.ts';

export interface ThrottleOptions extends RateLimitProfile {
  /** Requests in flight per key at most; the rate limit usually binds long before. */
  maxInFlight?: number;
  /** Safety gap added to each slot; by default 0.5% of the window, between 2 and 100 ms. */
  marginMs?: number;
  /** Daily requests kept back, e.g. for a person's own use of the same app. */
  dailyReserve?: number;
  /** Wall clock for daily resets; tests may move it. */
  wallClock?: () => number;
}

export interface ThrottleStats {
  sent: number;
  /** Total time requests spent waiting for a slot. */
  waitedMs: number;
  /** 429 answers received. */
  refused: number;
  inFlight: number;
  queued: number;
  limit: number;
  windowMs: number;
  dailyRemaining: number | undefined;
}

/** Handed out with each slot; exactly one of its methods is called when the request ends. */
export interface ThrottlePermit {
  /** Learns from the answer; returns the error to raise when it was a 429 for the whole day. */
  complete(answer: { status: number; headers: Record<string, string> }): RateLimitError | undefined;
  /** The request got no answer. */
  fail(): void;
}

export interface Throttle {
  /** Waits (FIFO per key) until a request can be sent without being refused. */
  acquire(key: string, signal?: AbortSignal): Promise<ThrottlePermit>;
  /** How long the key stays paused after a 429, in ms (0 when it is not paused). */
  pauseRemainingMs(key: string): number;
  stats(key: string): ThrottleStats | undefined;
  allStats(): Record<string, ThrottleStats>;
}

interface Waiter {
  enqueuedAt: number;
  grant: (permit: ThrottlePermit) => void;
  reject: (error: unknown) => void;
}

class KeyState {
  readonly queue: Waiter[] = [];
  /** Until the first answer teaches the limits, one request at a time probes them. */
  learned = false;
  pausedUntil = 0;
  timer: NodeJS.Timeout | undefined;
  timerAt = Number.POSITIVE_INFINITY;
  sent = 0;
  waitedMs = 0;
  refused = 0;

  constructor(
    readonly window: BurstWindow,
    public daily: DailyQuota | undefined,
  ) {}
}

/**
 * A registry of per-key throttles for one API (one per GHL app, shared by all its locations).
 * The algorithm is described in burst-window.ts, daily-quota.ts and docs/http.md.
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  const keys = new Map<string, KeyState>();
  const maxInFlight = options.maxInFlight ?? 64;
  const wallClock = options.wallClock ?? Date.now;
  const now = () => performance.now();

  function stateOf(key: string): KeyState {
    let state = keys.get(key);
    if (!state) {
      const { limit, windowMs, dailyLimit } = options.defaults;
      const daily = dailyLimit === undefined ? undefined : dailyQuota(dailyLimit);
      state = new KeyState(new BurstWindow(limit, windowMs, options.marginMs), daily);
      keys.set(key, state);
    }
    return state;
  }

  function dailyQuota(limit: number): DailyQuota {
    return new DailyQuota(limit, options.dailyReserve ?? 0, wallClock);
  }

  function dailyError(key: string, state: KeyState): RateLimitError {
    return new RateLimitError(key, 'daily', state.daily?.resetTime ?? new Date(wallClock()));
  }

  function permitFor(key: string, state: KeyState, sequence: number): ThrottlePermit {
    let done = false;
    const finish = () => {
      if (done) return false;
      done = true;
      return true;
    };
    return {
      complete(answer) {
        if (!finish()) return undefined;
        const at = now();
        const reading = readRateLimitHeaders(options.headers, answer.headers, wallClock());
        state.window.learn(reading.limit, reading.windowMs);
        state.learned = true;
        state.window.onDone(at, sequence, reading.remaining);
        // An API without a configured daily quota may still report one.
        if (!state.daily && reading.dailyRemaining !== undefined) {
          state.daily = dailyQuota(reading.dailyLimit ?? reading.dailyRemaining);
        }
        state.daily?.onReading(reading, state.window.uncountedBy(sequence));
        let error: RateLimitError | undefined;
        if (answer.status === 429) {
          state.refused += 1;
          const pauseMs = parseRetryAfter(answer.headers['retry-after']) ?? state.window.windowMs;
          state.pausedUntil = Math.max(state.pausedUntil, at + pauseMs);
          if (reading.dailyRemaining === 0 && state.daily) {
            state.daily.exhaust();
            error = dailyError(key, state);
          }
        }
        pump(key, state);
        return error;
      },
      fail() {
        if (!finish()) return;
        state.window.onDone(now(), sequence);
        state.daily?.onNoAnswer();
        pump(key, state);
      },
    };
  }

  function pump(key: string, state: KeyState): void {
    while (state.queue.length > 0) {
      const head = state.queue[0] as Waiter;
      const daily = state.daily?.status() ?? 'open';
      if (daily === 'spent') {
        state.queue.shift();
        head.reject(dailyError(key, state));
        continue;
      }
      if (daily === 'probing') return;
      const inFlight = state.window.requestsInFlight;
      if ((!state.learned && inFlight > 0) || inFlight >= maxInFlight) return;
      const at = now();
      const freeAt = Math.max(state.pausedUntil, state.window.nextFreeAt(at));
      if (freeAt > at) {
        wakeAt(key, state, freeAt);
        return;
      }
      state.queue.shift();
      const sequence = state.window.onSend();
      state.daily?.onSend();
      state.sent += 1;
      state.waitedMs += at - head.enqueuedAt;
      head.grant(permitFor(key, state, sequence));
    }
    // Nothing waits any more: a pending wake-up would only keep the process alive.
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = undefined;
      state.timerAt = Number.POSITIVE_INFINITY;
    }
  }

  function wakeAt(key: string, state: KeyState, at: number): void {
    if (!Number.isFinite(at) || (state.timer && state.timerAt <= at)) return;
    if (state.timer) clearTimeout(state.timer);
    state.timerAt = at;
    state.timer = setTimeout(
      () => {
        state.timer = undefined;
        state.timerAt = Number.POSITIVE_INFINITY;
        pump(key, state);
      },
      Math.max(1, Math.ceil(at - now())),
    );
  }

  return {
    acquire(key, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const state = stateOf(key);
      return new Promise<ThrottlePermit>((resolve, reject) => {
        const onAbort = () => {
          const index = state.queue.indexOf(waiter);
          if (index === -1) return;
          state.queue.splice(index, 1);
          reject(signal?.reason);
          pump(key, state);
        };
        const waiter: Waiter = {
          enqueuedAt: now(),
          grant: (permit) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(permit);
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        state.queue.push(waiter);
        pump(key, state);
      });
    },
    pauseRemainingMs(key) {
      const state = keys.get(key);
      return state ? Math.max(0, state.pausedUntil - now()) : 0;
    },
    stats(key) {
      const state = keys.get(key);
      return state ? statsOf(state) : undefined;
    },
    allStats() {
      return Object.fromEntries([...keys].map(([key, state]) => [key, statsOf(state)]));
    },
  };
}

function statsOf(state: KeyState): ThrottleStats {
  return {
    sent: state.sent,
    waitedMs: Math.round(state.waitedMs),
    refused: state.refused,
    inFlight: state.window.requestsInFlight,
    queued: state.queue.length,
    limit: state.window.limit,
    windowMs: state.window.windowMs,
    dailyRemaining: state.daily?.remaining,
  };
}
