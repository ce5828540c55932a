import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { InboxEventsTable, Schema } from './schema.ts';

export interface NewInboxEvent {
  source: string;
  connectionId: string | null;
  eventType: string;
  dedupeKey: string;
  payload: unknown;
}

export interface InboxEvent {
  id: string;
  source: string;
  connectionId: string | null;
  eventType: string;
  dedupeKey: string;
  payload: unknown;
  status: InboxEventsTable['status'];
  receivedAt: number;
}

/**
 * The durable landing place of every incoming event (webhook, poll, reconciliation).
 * The unique (source, dedupe_key) makes a second arrival of the same event a no-op.
 */
export function inboxRepository(db: Kysely<Schema>) {
  return {
    /** Returns the stored event, or `undefined` when it was already there. */
    async add(event: NewInboxEvent): Promise<InboxEvent | undefined> {
      const row: InboxEventsTable = {
        id: randomUUID(),
        source: event.source,
        connection_id: event.connectionId,
        event_type: event.eventType,
        dedupe_key: event.dedupeKey,
        payload: JSON.stringify(event.payload),
        status: 'pending',
        received_at: Date.now(),
        processed_at: null,
        error: null,
      };
      const result = await db
        .insertInto('inbox_events')
        .values(row)
        .onConflict((oc) => oc.columns(['source', 'dedupe_key']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
      return {
        id: row.id,
        source: row.source,
        connectionId: row.connection_id,
        eventType: row.event_type,
        dedupeKey: row.dedupe_key,
        payload: event.payload,
        status: row.status,
        receivedAt: row.received_at,
      };
    },

    async get(id: string): Promise<InboxEvent | undefined> {
      const row = await db.selectFrom('inbox_events').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        source: row.source,
        connectionId: row.connection_id,
        eventType: row.event_type,
        dedupeKey: row.dedupe_key,
        payload: JSON.parse(row.payload),
        status: row.status,
        receivedAt: row.received_at,
      };
    },

    async markDone(id: string, error?: string): Promise<void> {
      await db
        .updateTable('inbox_events')
        .set({ status: error ? 'failed' : 'done', processed_at: Date.now(), error: error ?? null })
        .where('id', '=', id)
        .execute();
    },

    async count(source?: string): Promise<number> {
      let query = db.selectFrom('inbox_events').select((eb) => eb.fn.countAll<number>().as('n'));
      if (source) query = query.where('source', '=', source);
      const row = await query.executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type InboxRepository = ReturnType<typeof inboxRepository>;
