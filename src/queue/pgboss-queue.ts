import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import {
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

export interface PgBossQueueOptions {
  connectionString: string;
  /** PostgreSQL schema for pg-boss's own tables. */
  schema: string;
  leaseSeconds: number;
  pollMs?: number;
  /** How often expired leases are looked for (pg-boss maintenance), seconds. */
  maintenanceSeconds?: number;
}

/** What we store in pg-boss's `data`: the payload plus what replay needs. */
interface Envelope {
  p: unknown;
  m: number;
  b: number;
}

const STATE_TO_STATUS: Record<string, JobStatus> = {
  created: 'queued',
  retry: 'retry',
  active: 'active',
  completed: 'completed',
  failed: 'dead',
  cancelled: 'dead',
};

/**
 * pg-boss on PostgreSQL, for several worker processes. Leases are pg-boss's expiration
 * (a job active longer than the lease is failed by maintenance and retried); dead letters
 * are jobs in pg-boss's `failed` state.
 */
export class PgBossQueue implements Queue {
  readonly engine = 'pg-boss' as const;
  readonly #boss: PgBoss;
  readonly #options: PgBossQueueOptions;
  readonly #queues = new Set<string>();
  readonly #pools = new Map<string, WorkerPool<PgBoss.JobWithMetadata<Envelope>>>();

  constructor(options: PgBossQueueOptions) {
    this.#options = options;
    this.#boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema,
      max: 5,
      maintenanceIntervalSeconds:
        options.maintenanceSeconds ?? Math.max(1, Math.min(60, Math.floor(options.leaseSeconds / 2))),
    });
    // pg-boss reports transient database errors as events; without a listener Node would crash.
    this.#boss.on('error', () => {});
  }

  async start(): Promise<void> {
    await this.#boss.start();
  }

  async #ensureQueue(kind: string): Promise<void> {
    if (this.#queues.has(kind)) return;
    // "short": at most one waiting job per singletonKey, the same rule as the table queue.
    await this.#boss.createQueue(kind, { name: kind, policy: 'short' });
    this.#queues.add(kind);
  }

  async enqueue<P>(kind: string, payload: P, options: EnqueueOptions = {}): Promise<string | null> {
    await this.#ensureQueue(kind);
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const envelope: Envelope = { p: payload ?? null, m: maxAttempts, b: backoffMs };
    // The "short" policy dedupes on singletonKey, including an absent one; a job without a
    // key gets a unique one so that it never collides.
    return this.#send(kind, envelope, options.key ?? `~${randomUUID()}`, options.runAt);
  }

  #send(kind: string, envelope: Envelope, key?: string | null, runAt?: Date): Promise<string | null> {
    return this.#boss.send(kind, envelope as unknown as object, {
      ...(key ? { singletonKey: key } : {}),
      ...(runAt ? { startAfter: runAt } : {}),
      retryLimit: envelope.m - 1,
      retryDelay: Math.max(1, Math.round(envelope.b / 1000)),
      retryBackoff: true,
      expireInSeconds: this.#options.leaseSeconds,
    });
  }

  async work<P>(kind: string, handler: JobHandler<P>, options: WorkOptions = {}): Promise<void> {
    await this.#ensureQueue(kind);
    if (this.#pools.has(kind)) throw new Error(`A worker for "${kind}" is already running in this process.`);
    // Our own fetch loop rather than boss.work(): pg-boss's loop pauses a full polling
    // interval after every batch, which caps a worker at a few jobs per second.
    const pool = new WorkerPool<PgBoss.JobWithMetadata<Envelope>>({
      concurrency: options.concurrency ?? 1,
      pollMs: this.#options.pollMs ?? 200,
      claim: async (limit) =>
        (await this.#boss.fetch<Envelope>(kind, { batchSize: limit, includeMetadata: true })) ?? [],
      run: (job, signal) => this.#run(kind, job, handler as JobHandler, signal),
      release: (ids) => this.#release(ids),
    });
    this.#pools.set(kind, pool);
    pool.start();
  }

  async #run(
    kind: string,
    job: PgBoss.JobWithMetadata<Envelope>,
    handler: JobHandler,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      await handler(job.data.p, {
        id: job.id,
        kind,
        attempt: job.retryCount + 1,
        maxAttempts: job.retryLimit + 1,
        signal,
      });
      await this.#boss.complete(kind, job.id);
    } catch (error) {
      if (error instanceof RetryLater) {
        // Rescheduled without spending an attempt: a new job at runAt replaces this one.
        await this.#send(kind, job.data, job.singletonKey, error.runAt);
        await this.#boss.complete(kind, job.id);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof GiveUp) {
        // No retries left means pg-boss's fail() moves the job to `failed` (our dead letters).
        await this.#boss
          .getDb()
          .executeSql(`UPDATE ${this.#options.schema}.job SET retry_limit = retry_count WHERE id = $1`, [
            job.id,
          ]);
      }
      await this.#boss.fail(kind, job.id, { message: message.slice(0, 4000) });
    }
  }

  /** Hands unfinished jobs back at shutdown without spending their attempt. */
  async #release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#boss
      .getDb()
      .executeSql(
        `UPDATE ${this.#options.schema}.job SET state = 'retry', start_after = now() WHERE id = ANY($1::uuid[]) AND state = 'active'`,
        [ids],
      );
  }

  async #select(where: string, values: unknown[]): Promise<JobInfo[]> {
    const db = this.#boss.getDb();
    const { rows } = await db.executeSql(
      `SELECT id, name, state, retry_count, retry_limit, start_after, data, output
         FROM ${this.#options.schema}.job WHERE ${where}`,
      values,
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.name,
      status: STATE_TO_STATUS[row.state] ?? 'queued',
      attempts: row.state === 'created' ? 0 : row.retry_count + (row.state === 'retry' ? 0 : 1),
      maxAttempts: row.retry_limit + 1,
      lastError: errorMessage(row.output),
      runAt: new Date(row.start_after),
      payload: (row.data as Envelope | null)?.p ?? null,
    }));
  }

  async get(id: string): Promise<JobInfo | undefined> {
    const [job] = await this.#select('id = $1', [id]);
    return job;
  }

  async deadLetters(kind?: string, limit = 100): Promise<JobInfo[]> {
    return kind
      ? this.#select(`state = 'failed' AND name = $1 ORDER BY completed_on DESC LIMIT $2`, [kind, limit])
      : this.#select(`state = 'failed' ORDER BY completed_on DESC LIMIT $1`, [limit]);
  }

  async replay(id: string): Promise<boolean> {
    // A replayed job gets its full number of attempts again.
    const { rows } = await this.#boss.getDb().executeSql(
      `UPDATE ${this.#options.schema}.job
          SET state = 'retry', start_after = now(), completed_on = NULL,
              retry_limit = retry_count + COALESCE((data->>'m')::int, ${DEFAULT_MAX_ATTEMPTS}) - 1
        WHERE id = $1 AND state = 'failed' RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async counts(): Promise<Record<JobStatus, number>> {
    const { rows } = await this.#boss
      .getDb()
      .executeSql(`SELECT state, count(*)::int AS n FROM ${this.#options.schema}.job GROUP BY state`, []);
    const counts: Record<JobStatus, number> = { queued: 0, retry: 0, active: 0, completed: 0, dead: 0 };
    for (const row of rows) {
      const status = STATE_TO_STATUS[row.state as string];
      if (status) counts[status] += Number(row.n);
    }
    return counts;
  }

  async health(): Promise<void> {
    await this.#boss.getDb().executeSql(`SELECT 1 FROM ${this.#options.schema}.version`, []);
  }

  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.stop(options.timeoutMs ?? 10_000)));
    await this.#boss.stop({ graceful: false, wait: true, close: true });
  }
}

function errorMessage(output: unknown): string | null {
  if (!output || typeof output !== 'object') return null;
  const value =
    (output as { value?: { message?: string }; message?: string }).message ??
    (output as { value?: { message?: string } }).value?.message;
  return typeof value === 'string' ? value : null;
}
