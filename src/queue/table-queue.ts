import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { JobsTable, Schema } from '../store/schema.ts';
import { claimDueJobs } from './table-claims.ts';
import {
  backoffDelay,
  DEFAULT_BACKOFF_MS,
  DEFAULT_MAX_ATTEMPTS,
  type EnqueueOptions,
  GiveUp,
  type JobHandler,
  type JobInfo,
  type JobStatus,
  type Queue,
  RetryLater,
  type WorkOptions,
} from './types.ts';
import { WorkerPool } from './worker-pool.ts';

export interface TableQueueOptions {
  leaseMs: number;
  /** How often an idle worker looks for due jobs. */
  pollMs?: number;
  workerId?: string;
  /** Completed jobs are deleted after this long (default 7 days); dead ones are kept for replay. */
  keepCompletedMs?: number;
}

const PRUNE_EVERY_MS = 10 * 60 * 1000;

/**
 * A job table for one machine (SQLite). Claims are single UPDATE ... RETURNING statements,
 * atomic under SQLite's write lock, so several processes on one file never take the same
 * job. A claimed job holds a lease that a heartbeat extends; when its worker dies the
 * lease runs out and another worker claims it again.
 */
export class TableQueue implements Queue {
  readonly engine = 'table' as const;
  readonly #db: Kysely<Schema>;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #workerId: string;
  readonly #pools = new Map<string, WorkerPool<JobsTable>>();
  readonly #keepCompletedMs: number;
  #prunedAt = 0;

  constructor(db: Kysely<Schema>, options: TableQueueOptions) {
    this.#db = db;
    this.#leaseMs = options.leaseMs;
    this.#pollMs = options.pollMs ?? 100;
    this.#workerId = options.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.#keepCompletedMs = options.keepCompletedMs ?? 7 * 24 * 60 * 60 * 1000;
  }

  async start(): Promise<void> {}

  async enqueue<P>(kind: string, payload: P, options: EnqueueOptions = {}): Promise<string | null> {
    const now = Date.now();
    const id = randomUUID();
    const result = await this.#db
      .insertInto('jobs')
      .values({
        id,
        kind,
        payload: JSON.stringify(payload ?? null),
        dedupe_key: options.key ?? null,
        status: 'queued',
        attempts: 0,
        max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        backoff_ms: options.backoffMs ?? DEFAULT_BACKOFF_MS,
        run_at: options.runAt?.getTime() ?? now,
        lease_until: null,
        locked_by: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    this.#pools.get(kind)?.wake();
    return id;
  }

  async work<P>(kind: string, handler: JobHandler<P>, options: WorkOptions = {}): Promise<void> {
    if (this.#pools.has(kind)) throw new Error(`A worker for "${kind}" is already running in this process.`);
    const pool = new WorkerPool({
      concurrency: options.concurrency ?? 1,
      pollMs: this.#pollMs,
      claim: (limit) => this.#claim(kind, limit),
      run: (job, signal) => this.#run(job, handler as JobHandler, signal),
      release: (ids) => this.#release(ids),
    });
    this.#pools.set(kind, pool);
    pool.start();
  }

  async #claim(kind: string, limit: number): Promise<JobsTable[]> {
    const now = Date.now();
    if (now - this.#prunedAt > PRUNE_EVERY_MS) {
      this.#prunedAt = now;
      await this.pruneCompleted(now);
    }
    return claimDueJobs(this.#db, { kind, limit, workerId: this.#workerId, leaseMs: this.#leaseMs, now });
  }

  async #run(job: JobsTable, handler: JobHandler, signal: AbortSignal): Promise<void> {
    const heartbeat = setInterval(
      () => {
        void this.#owned(job.id)
          .set({ lease_until: Date.now() + this.#leaseMs })
          .execute()
          .catch(() => {});
      },
      Math.max(50, Math.floor(this.#leaseMs / 3)),
    );
    try {
      await handler(JSON.parse(job.payload), {
        id: job.id,
        kind: job.kind,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        signal,
      });
      const now = Date.now();
      await this.#owned(job.id)
        .set({ status: 'completed', finished_at: now, updated_at: now, lease_until: null, last_error: null })
        .execute();
    } catch (error) {
      await this.#fail(job, error);
    } finally {
      clearInterval(heartbeat);
    }
  }

  async #fail(job: JobsTable, error: unknown): Promise<void> {
    const now = Date.now();
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RetryLater) {
      await this.#owned(job.id)
        .set({
          status: 'retry',
          run_at: error.runAt.getTime(),
          attempts: job.attempts - 1,
          lease_until: null,
          locked_by: null,
          last_error: message,
          updated_at: now,
        })
        .execute();
      return;
    }
    const dead = error instanceof GiveUp || job.attempts >= job.max_attempts;
    await this.#owned(job.id)
      .set({
        status: dead ? 'dead' : 'retry',
        run_at: dead ? job.run_at : now + backoffDelay(job.attempts, job.backoff_ms),
        lease_until: null,
        locked_by: null,
        last_error: message.slice(0, 4000),
        finished_at: dead ? now : null,
        updated_at: now,
      })
      .execute();
  }

  /** Hands unfinished jobs back without spending their attempt. */
  async #release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'retry',
        run_at: Date.now(),
        attempts: eb('attempts', '-', 1),
        lease_until: null,
        locked_by: null,
      }))
      .where('id', 'in', ids)
      .where('locked_by', '=', this.#workerId)
      .where('status', '=', 'active')
      .execute();
  }

  #owned(id: string) {
    return this.#db
      .updateTable('jobs')
      .where('id', '=', id)
      .where('locked_by', '=', this.#workerId)
      .where('status', '=', 'active');
  }

  /** Deletes completed jobs older than the retention, so the table does not grow forever. */
  async pruneCompleted(now = Date.now()): Promise<number> {
    const result = await this.#db
      .deleteFrom('jobs')
      .where('status', '=', 'completed')
      .where('finished_at', '<', now - this.#keepCompletedMs)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async get(id: string): Promise<JobInfo | undefined> {
    const row = await this.#db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toInfo(row) : undefined;
  }

  async deadLetters(kind?: string, limit = 100): Promise<JobInfo[]> {
    let query = this.#db
      .selectFrom('jobs')
      .selectAll()
      .where('status', '=', 'dead')
      .orderBy('updated_at', 'desc')
      .limit(limit);
    if (kind) query = query.where('kind', '=', kind);
    return (await query.execute()).map(toInfo);
  }

  async replay(id: string): Promise<boolean> {
    const now = Date.now();
    const result = await this.#db
      .updateTable('jobs')
      .set({ status: 'retry', attempts: 0, run_at: now, finished_at: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    const replayed = Number(result.numUpdatedRows) > 0;
    if (replayed) {
      const row = await this.get(id);
      if (row) this.#pools.get(row.kind)?.wake();
    }
    return replayed;
  }

  async counts(): Promise<Record<JobStatus, number>> {
    const rows = await this.#db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const counts: Record<JobStatus, number> = { queued: 0, retry: 0, active: 0, completed: 0, dead: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  async health(): Promise<void> {
    await sql`select count(*) from jobs where 1 = 0`.execute(this.#db);
  }

  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.stop(options.timeoutMs ?? 10_000)));
  }
}

function toInfo(row: JobsTable): JobInfo {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    runAt: new Date(row.run_at),
    payload: JSON.parse(row.payload),
  };
}
