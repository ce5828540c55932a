/**
 * The burst budget of one rate-limit key, kept so that the server can never count more than
 * `limit` arrivals in any span of `windowMs`, whatever its window model (sliding or fixed).
 *
 * A request's arrival at the server lies somewhere between our send and its response, so a
 * request holds its slot from send until `response + windowMs + margin`: a later request sent
 * after that instant arrives more than one window after it, however the latencies vary. While
 * in flight a slot has no end yet. The cost is one latency per window (100 per 10 s with
 * 300 ms latency still gives 97% of the rate).
 *
 * The server's `remaining` count adds what we cannot see (another worker, requests made before
 * we started): whatever the server counts beyond our own answered requests still in their window
 * is held as "foreign" until one window after the reading, by which time everything that reading
 * counted has left any window. Requests still in flight are assumed not counted yet: that errs
 * towards waiting when answers are in transit, but unlike reasoning from send order it is not
 * fooled when the server handles concurrent requests out of order.
 */
export class BurstWindow {
  limit: number;
  windowMs: number;
  private readonly fixedMarginMs: number | undefined;
  /** Sequence numbers of the requests in flight. */
  private readonly inFlight = new Set<number>();
  private sentCount = 0;
  /** End times of completed requests' slots, ascending. */
  private readonly ends: number[] = [];
  private foreign = 0;
  private foreignUntil = 0;

  constructor(limit: number, windowMs: number, marginMs?: number) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.fixedMarginMs = marginMs;
  }

  /** Timer and clock granularity; small against the window so it costs well under 1% of the rate. */
  get marginMs(): number {
    return this.fixedMarginMs ?? Math.min(100, Math.max(2, this.windowMs * 0.005));
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  learn(limit: number | undefined, windowMs: number | undefined): void {
    if (limit !== undefined) this.limit = limit;
    if (windowMs !== undefined) this.windowMs = windowMs;
  }

  /** The earliest time a request may be sent: `now`, a later time, or Infinity until a request completes. */
  nextFreeAt(now: number): number {
    this.prune(now);
    const foreign = now < this.foreignUntil ? this.foreign : 0;
    const excess = this.inFlight.size + this.ends.length + foreign - this.limit + 1;
    if (excess <= 0) return now;
    let freed = 0;
    let foreignCounted = foreign === 0;
    for (const end of this.ends) {
      if (!foreignCounted && this.foreignUntil <= end) {
        foreignCounted = true;
        freed += foreign;
        if (freed >= excess) return this.foreignUntil;
      }
      freed += 1;
      if (freed >= excess) return end;
    }
    if (!foreignCounted && freed + foreign >= excess) return this.foreignUntil;
    return Number.POSITIVE_INFINITY;
  }

  /** Returns the request's sequence number, to be handed back to `onDone`. */
  onSend(): number {
    this.sentCount += 1;
    this.inFlight.add(this.sentCount);
    return this.sentCount;
  }

  /** `remaining` is the server's count after this request, when its answer carried one. */
  onDone(now: number, sequence: number, remaining?: number): void {
    this.inFlight.delete(sequence);
    insertSorted(this.ends, now + this.windowMs + this.marginMs);
    if (remaining === undefined) return;
    this.prune(now);
    const counted = this.limit - Math.min(remaining, this.limit);
    this.foreign = Math.max(0, counted - this.ends.length);
    this.foreignUntil = now + this.windowMs + this.marginMs;
  }

  /**
   * Own requests that the server's reading in the answer to `sequence` may not include: those
   * sent after it, and those sent before it that are still in flight. The daily quota subtracts
   * them from a reading, so that a late answer carrying an old count cannot raise the estimate.
   */
  uncountedBy(sequence: number): number {
    let inFlightBefore = 0;
    for (const other of this.inFlight) if (other < sequence) inFlightBefore += 1;
    return this.sentCount - sequence + inFlightBefore;
  }

  private prune(now: number): void {
    let expired = 0;
    while (expired < this.ends.length && (this.ends[expired] as number) <= now) expired += 1;
    if (expired > 0) this.ends.splice(0, expired);
  }
}

function insertSorted(list: number[], value: number): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as number) <= value) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, value);
}
