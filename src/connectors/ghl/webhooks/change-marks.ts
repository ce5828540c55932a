import type { Kysely } from 'kysely';
import type { Schema } from '../../../store/schema.ts';

/**
 * Who reported a change first: a webhook, a reconciliation that found it missing, or a
 * baseline (seen when reconciliation first looked, never reported: it does not cover a webhook).
 */
export type MarkOrigin = 'webhook' | 'reconcile' | 'baseline';

export interface ChangeMark<State = Record<string, unknown>> {
  key: string;
  /** Epoch ms of the newest change reported (webhook `timestamp`, or the record's dateUpdated). */
  reportedAt: number;
  state: State;
}

const CHUNK = 500;

/**
 * The `change_marks` table: per scope (e.g. `ghl:<locationId>`) and record key, what was last
 * reported. Read and written inside the transaction that stores the inbox event, so a mark
 * never claims an event that was not stored.
 */
export function changeMarks(db: Kysely<Schema>) {
  return {
    async get<State>(scope: string, key: string): Promise<ChangeMark<State> | undefined> {
      return (await this.getMany<State>(scope, [key])).get(key);
    },

    async getMany<State>(scope: string, keys: string[]): Promise<Map<string, ChangeMark<State>>> {
      const found = new Map<string, ChangeMark<State>>();
      for (let i = 0; i < keys.length; i += CHUNK) {
        const rows = await db
          .selectFrom('change_marks')
          .select(['record_key', 'reported_at', 'state'])
          .where('scope', '=', scope)
          .where('record_key', 'in', keys.slice(i, i + CHUNK))
          .execute();
        for (const row of rows) {
          found.set(row.record_key, {
            key: row.record_key,
            reportedAt: Number(row.reported_at),
            state: JSON.parse(row.state) as State,
          });
        }
      }
      return found;
    },

    async put(scope: string, key: string, reportedAt: number, state: object): Promise<void> {
      const text = JSON.stringify(state);
      const now = Date.now();
      await db
        .insertInto('change_marks')
        .values({ scope, record_key: key, reported_at: reportedAt, state: text, updated_at: now })
        .onConflict((oc) =>
          oc
            .columns(['scope', 'record_key'])
            .doUpdateSet({ reported_at: reportedAt, state: text, updated_at: now }),
        )
        .execute();
    },

    async remove(scope: string, key: string): Promise<void> {
      await db.deleteFrom('change_marks').where('scope', '=', scope).where('record_key', '=', key).execute();
    },
  };
}

export type ChangeMarks = ReturnType<typeof changeMarks>;

/** Marks of a GHL location's records, shared by every connection to that location. */
export const ghlScope = (locationId: string) => `ghl:${locationId}`;
