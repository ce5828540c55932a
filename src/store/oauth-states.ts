import type { Kysely } from 'kysely';
import type { OAuthStatesTable, Schema } from './schema.ts';

export interface OAuthStateRecord<R = unknown> {
  id: string;
  connector: string;
  request: R;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  connectionId: string | null;
  error: string | null;
}

/** Why a state could not be taken: never seen (or purged), already taken, or too old. */
export type StateRefusal = 'unknown' | 'used' | 'expired';

const KEEP_FINISHED_MS = 24 * 60 * 60 * 1000;

function toRecord<R>(row: OAuthStatesTable): OAuthStateRecord<R> {
  return {
    id: row.id,
    connector: row.connector,
    request: JSON.parse(row.request) as R,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    connectionId: row.connection_id,
    error: row.error,
  };
}

/**
 * Pending OAuth authorizations keyed by a digest of their `state`. `take` is the single use:
 * of two callbacks carrying the same state, exactly one gets the row.
 */
export function oauthStatesRepository(db: Kysely<Schema>) {
  return {
    /** Records a pending authorization; returns the ids of old rows it purged. */
    async create(input: {
      id: string;
      connector: string;
      request: unknown;
      expiresAt: number;
    }): Promise<string[]> {
      const now = Date.now();
      const stale = await db
        .selectFrom('oauth_states')
        .select('id')
        .where('expires_at', '<', now - KEEP_FINISHED_MS)
        .execute();
      if (stale.length > 0) {
        await db
          .deleteFrom('oauth_states')
          .where(
            'id',
            'in',
            stale.map((row) => row.id),
          )
          .execute();
      }
      await db
        .insertInto('oauth_states')
        .values({
          id: input.id,
          connector: input.connector,
          request: JSON.stringify(input.request),
          created_at: now,
          expires_at: input.expiresAt,
          used_at: null,
          connection_id: null,
          error: null,
        })
        .execute();
      return stale.map((row) => row.id);
    },

    async get<R>(id: string): Promise<OAuthStateRecord<R> | undefined> {
      const row = await db.selectFrom('oauth_states').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord<R>(row) : undefined;
    },

    /** Marks the state used, once; otherwise says why it cannot be used. */
    async take<R>(id: string): Promise<OAuthStateRecord<R> | StateRefusal> {
      const now = Date.now();
      const taken = await db
        .updateTable('oauth_states')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      const row = await db.selectFrom('oauth_states').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return 'unknown';
      if (Number(taken.numUpdatedRows) === 1) return toRecord<R>(row);
      return row.used_at !== null ? 'used' : 'expired';
    },

    /** Records how a taken authorization ended, for the command waiting on it. */
    async finish(id: string, outcome: { connectionId: string } | { error: string }): Promise<void> {
      await db
        .updateTable('oauth_states')
        .set('connectionId' in outcome ? { connection_id: outcome.connectionId } : { error: outcome.error })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type OAuthStatesRepository = ReturnType<typeof oauthStatesRepository>;
