import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/**
 * A lease-based mutex shared by every process on the same database. A holder that
 * dies leaves a lock that expires on its own.
 */
export function locksRepository(db: Kysely<Schema>) {
  async function tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const expires = now + ttlMs;
    const inserted = await db
      .insertInto('locks')
      .values({ name, holder, expires_at: expires })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
    const taken = await db
      .updateTable('locks')
      .set({ holder, expires_at: expires })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('expires_at', '<', now), eb('holder', '=', holder)]))
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) > 0;
  }

  return {
    tryAcquire,

    async release(name: string, holder: string): Promise<void> {
      await db.deleteFrom('locks').where('name', '=', name).where('holder', '=', holder).execute();
    },

    /** Waits (polling) until the lock is free or `waitMs` passes; false on timeout. */
    async acquire(
      name: string,
      holder: string,
      ttlMs: number,
      waitMs: number,
      pollMs = 25,
    ): Promise<boolean> {
      const deadline = Date.now() + waitMs;
      for (;;) {
        if (await tryAcquire(name, holder, ttlMs)) return true;
        if (Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
  };
}

export type LocksRepository = ReturnType<typeof locksRepository>;
