import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/** Where each polling trigger stopped, per connection; survives restarts. */
export function cursorsRepository(db: Kysely<Schema>) {
  return {
    async get<T>(connectionId: string, triggerKey: string): Promise<T | null> {
      const row = await db
        .selectFrom('cursors')
        .select('cursor')
        .where('connection_id', '=', connectionId)
        .where('trigger_key', '=', triggerKey)
        .executeTakeFirst();
      return row ? (JSON.parse(row.cursor) as T) : null;
    },

    async set(connectionId: string, triggerKey: string, cursor: unknown): Promise<void> {
      const text = JSON.stringify(cursor);
      const now = Date.now();
      await db
        .insertInto('cursors')
        .values({ connection_id: connectionId, trigger_key: triggerKey, cursor: text, updated_at: now })
        .onConflict((oc) =>
          oc.columns(['connection_id', 'trigger_key']).doUpdateSet({ cursor: text, updated_at: now }),
        )
        .execute();
    },
  };
}

export type CursorsRepository = ReturnType<typeof cursorsRepository>;
