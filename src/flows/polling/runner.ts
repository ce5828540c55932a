import { holdIfNeedsReauth } from '../../auth/hold-jobs.ts';
import type { Logger } from '../../kernel/define.ts';
import { RateLimitError } from '../../kernel/errors.ts';
import { type JobContext, RetryLater } from '../../queue/types.ts';
import type { ConnectionsRepository } from '../../store/connections.ts';
import type { LocksRepository } from '../../store/locks.ts';
import { type PollRunDeps, type PollRunReport, runPollOnce, type StoredPoll } from './run-poll.ts';
import type { PollSubscription } from './subscriptions.ts';

export const POLL_JOB = 'poll.run';

export interface PollJob {
  connectionId: string;
  trigger: string;
}

export interface PollingRunnerOptions extends PollRunDeps {
  connections: ConnectionsRepository;
  locks: LocksRepository;
  log: Logger;
  subscriptions: () => Promise<PollSubscription[]>;
  /** How often the schedule is checked against the subscriptions (default 15 s). */
  tickMs?: number;
  /** Poll jobs run at once by this process (default 2). */
  concurrency?: number;
}

/** A run longer than this lets another worker start the same poll (its cursor keeps that safe). */
const RUN_LOCK_MS = 10 * 60 * 1000;

/**
 * Runs every subscribed poll on the queue at its interval: one job `poll.run` per (connection,
 * trigger), keyed so that one waits at a time, rescheduled after each run, and a periodic check
 * that adds the job of a new subscription (or one whose job was lost). A lock per poll keeps two
 * workers from running it at once; a run that is not due yet only reschedules. Cursors live in
 * the database, so a restart carries on where the last run stopped.
 */
export function createPollingRunner(options: PollingRunnerOptions) {
  let timer: NodeJS.Timeout | undefined;
  const keyOf = (job: PollJob) => `poll:${job.connectionId}:${job.trigger}`;
  const enqueue = (job: PollJob, runAt: number) =>
    options.queue.enqueue<PollJob>(POLL_JOB, job, {
      key: keyOf(job),
      runAt: new Date(runAt),
      maxAttempts: 3,
      backoffMs: 5_000,
    });

  async function nextRunAt(sub: PollSubscription): Promise<number> {
    const stored = await options.cursors.get<StoredPoll>(sub.connectionId, sub.trigger);
    return stored ? stored.ranAt + sub.intervalSeconds * 1000 : options.now();
  }

  /** Makes sure every subscription has a job waiting; returns how many were added. */
  async function schedule(): Promise<number> {
    let added = 0;
    for (const sub of await options.subscriptions()) {
      const job = { connectionId: sub.connectionId, trigger: sub.trigger };
      if (await enqueue(job, Math.max(options.now(), await nextRunAt(sub)))) added += 1;
    }
    return added;
  }

  async function handle(job: PollJob, context: JobContext): Promise<void> {
    const sub = (await options.subscriptions()).find(
      (s) => s.connectionId === job.connectionId && s.trigger === job.trigger,
    );
    if (!sub) return; // switched off: the schedule ends here
    const connection = await options.connections.find(job.connectionId);
    if (!connection || connection.status === 'disabled') return;
    const lock = keyOf(job);
    if (!(await options.locks.tryAcquire(lock, context.id, RUN_LOCK_MS))) return;
    try {
      const due = await nextRunAt(sub);
      if (due > options.now() + 500) {
        await enqueue(job, due);
        return;
      }
      try {
        await runPollOnce(options, connection, job.trigger, context.signal);
      } catch (error) {
        if (error instanceof RateLimitError) throw new RetryLater(error.resetAt, error.message);
        throw holdIfNeedsReauth(error);
      }
      await enqueue(job, options.now() + sub.intervalSeconds * 1000);
    } finally {
      await options.locks.release(lock, context.id);
    }
  }

  return {
    schedule,
    async start(): Promise<void> {
      await options.queue.work<PollJob>(POLL_JOB, handle, { concurrency: options.concurrency ?? 2 });
      await schedule();
      timer = setInterval(() => {
        schedule().catch((error: Error) =>
          options.log.warn({ err: error.message }, 'polling schedule check failed'),
        );
      }, options.tickMs ?? 15_000);
      timer.unref();
    },
    /** Stops the schedule checks; the queue's own stop ends the running jobs. */
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    /** One run now, outside the queue (the CLI, tests). */
    async runNow(connectionId: string, trigger: string): Promise<PollRunReport> {
      return runPollOnce(options, await options.connections.get(connectionId), trigger);
    },
  };
}

export type PollingRunner = ReturnType<typeof createPollingRunner>;
