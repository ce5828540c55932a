/**
 * One queue interface, two engines: a table queue on SQLite (one machine) and
 * pg-boss on PostgreSQL (several workers). The same test suite runs on both.
 */
export type JobStatus = 'queued' | 'retry' | 'active' | 'completed' | 'dead';

export interface EnqueueOptions {
  /** While a job with this key waits to run, enqueueing another is a no-op. */
  key?: string;
  runAt?: Date;
  /** Attempts before the job goes to the dead letters (default 5). */
  maxAttempts?: number;
  /** Base of the exponential backoff between attempts, in ms (default 1000). */
  backoffMs?: number;
}

export interface JobContext {
  id: string;
  kind: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker shuts down and the job should give up early. */
  signal: AbortSignal;
}

export type JobHandler<P = unknown> = (payload: P, job: JobContext) => Promise<void>;

export interface WorkOptions {
  concurrency?: number;
}

export interface JobInfo {
  id: string;
  kind: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: Date;
  payload: unknown;
}

export interface Queue {
  readonly engine: 'table' | 'pg-boss';
  start(): Promise<void>;
  /** Returns the job id, or null when a waiting job with the same key exists. */
  enqueue<P>(kind: string, payload: P, options?: EnqueueOptions): Promise<string | null>;
  work<P>(kind: string, handler: JobHandler<P>, options?: WorkOptions): Promise<void>;
  get(id: string): Promise<JobInfo | undefined>;
  deadLetters(kind?: string, limit?: number): Promise<JobInfo[]>;
  /** Sends a dead job back to the queue with its attempts reset; false if it is not dead. */
  replay(id: string): Promise<boolean>;
  counts(): Promise<Record<JobStatus, number>>;
  health(): Promise<void>;
  /** Stops taking jobs, lets in-flight ones finish for up to `timeoutMs`, then releases them. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Thrown by a handler to run the job again at `runAt` without spending an attempt:
 * a rate limit that resets later, or a connection waiting to be re-authorized.
 */
export class RetryLater extends Error {
  readonly runAt: Date;

  constructor(runAt: Date, reason: string) {
    super(reason);
    this.name = 'RetryLater';
    this.runAt = runAt;
  }
}

/** Thrown by a handler when trying again cannot help: the job goes straight to the dead letters. */
export class GiveUp extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GiveUp';
  }
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 15 * 60 * 1000;

/** Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^(attempt-1))]. */
export function backoffDelay(attempt: number, baseMs: number, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}
