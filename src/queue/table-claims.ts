import type { Kysely } from 'kysely';
import type { JobsTable, Schema } from '../store/schema.ts';

export interface ClaimRequest {
  kind: string;
  limit: number;
  workerId: string;
  leaseMs: number;
  now: number;
}

/**
 * Claims up to `limit` due jobs of one kind in one UPDATE ... RETURNING, atomic under SQLite's
 * write lock: queued or retrying jobs whose time has come, and active ones whose lease ran out
 * (their worker died). A job whose worker died on its last attempt goes to the dead letters
 * instead of running again.
 */
export async function claimDueJobs(db: Kysely<Schema>, request: ClaimRequest): Promise<JobsTable[]> {
  const { kind, limit, workerId, leaseMs, now } = request;
  await db
    .updateTable('jobs')
    .set({
      status: 'dead',
      last_error: 'The worker running the last attempt stopped (lease expired).',
      finished_at: now,
      updated_at: now,
    })
    .where('kind', '=', kind)
    .where('status', '=', 'active')
    .where('lease_until', '<', now)
    .whereRef('attempts', '>=', 'max_attempts')
    .execute();
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'active',
      attempts: eb('attempts', '+', 1),
      locked_by: workerId,
      lease_until: now + leaseMs,
      updated_at: now,
    }))
    .where(
      'id',
      'in',
      db
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', kind)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', 'in', ['queued', 'retry']), eb('run_at', '<=', now)]),
            eb.and([eb('status', '=', 'active'), eb('lease_until', '<', now)]),
          ]),
        )
        .orderBy('run_at')
        .limit(limit),
    )
    .returningAll()
    .execute();
}
