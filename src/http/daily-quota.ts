import { nextUtcMidnight, type RateLimitReading } from './rate-limit-headers.ts';

/** How soon to look again when a guessed reset time turned out to be too early. */
const RECHECK_MS = 60 * 60 * 1000;

/**
 * The daily quota of one key. The server's `daily remaining` is the truth; between readings,
 * each request sent is subtracted, and a reading is lowered by the requests it may not have
 * counted yet (sent after the answered one, or still in flight).
 *
 * When the quota resets is unconfirmed for GHL: a reset header is used when the API sends one,
 * otherwise the next UTC midnight is a guess. After a guessed reset only one request is let
 * through until a reading confirms the new budget; if it does not, the guess moves on by an hour.
 */
export class DailyQuota {
  private limit: number;
  private left: number;
  private resetAt: Date;
  private resetKnown = false;
  private awaitingConfirmation = false;

  constructor(
    limit: number,
    private readonly reserve: number,
    private readonly wallClock: () => number,
  ) {
    this.limit = limit;
    this.left = limit;
    this.resetAt = nextUtcMidnight(wallClock());
  }

  get remaining(): number {
    this.rollOver();
    return this.left;
  }

  get resetTime(): Date {
    return this.resetAt;
  }

  /** `open`: a request may go; `probing`: wait for the probe's answer; `spent`: not before the reset. */
  status(): 'open' | 'probing' | 'spent' {
    this.rollOver();
    if (this.left > this.reserve) return 'open';
    return this.awaitingConfirmation ? 'probing' : 'spent';
  }

  onSend(): void {
    this.left -= 1;
  }

  /** `uncounted`: requests of ours that the reading may not include yet. */
  onReading(reading: RateLimitReading, uncounted: number): void {
    if (reading.dailyLimit !== undefined) this.limit = reading.dailyLimit;
    if (reading.dailyResetAt !== undefined && reading.dailyResetAt.getTime() > this.wallClock()) {
      this.resetAt = reading.dailyResetAt;
      this.resetKnown = true;
    }
    if (reading.dailyRemaining === undefined) return;
    this.left = reading.dailyRemaining - uncounted;
    if (this.awaitingConfirmation && reading.dailyRemaining === 0 && !this.resetKnown) {
      this.resetAt = new Date(this.wallClock() + RECHECK_MS);
    }
    this.awaitingConfirmation = false;
  }

  /** A request got no answer; a probe that got none is given back so that another one can go. */
  onNoAnswer(): void {
    if (this.awaitingConfirmation) this.left = Math.max(this.left, this.reserve + 1);
  }

  /** The server refused for the day: nothing more until the reset. */
  exhaust(): void {
    this.left = Math.min(this.left, 0);
  }

  private rollOver(): void {
    const now = this.wallClock();
    if (now < this.resetAt.getTime()) return;
    if (this.resetKnown) {
      this.left = this.limit;
    } else {
      this.left = Math.min(this.limit, this.reserve + 1);
      this.awaitingConfirmation = true;
    }
    this.resetKnown = false;
    this.resetAt = nextUtcMidnight(now);
  }
}
