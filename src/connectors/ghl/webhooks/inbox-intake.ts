import type { Kysely } from 'kysely';
import type { Queue } from '../../../queue/types.ts';
import { inboxRepository, type NewInboxEvent } from '../../../store/inbox.ts';
import type { InboxEventsTable, Schema } from '../../../store/schema.ts';

/**
 * Every incoming event — webhook, poll or reconciliation — lands the same way: stored once in
 * the inbox (unique source + dedupe key), then a queue job `inbox.event` `{ eventId }` keyed by
 * the inbox id tells the flow engine. The job is enqueued after the row is durable; if that
 * fails the event is still there, and its next arrival (GHL's retry after our 429, the next
 * poll) finds it pending and enqueues the job again. Source-agnostic: other apps' webhooks use it too.
 */
export const INBOX_EVENT_JOB = 'inbox.event';

export interface IntakeDeps {
  db: Kysely<Schema>;
  queue: Queue;
}

export interface StoredRef {
  id: string;
  status: InboxEventsTable['status'];
  connectionId: string | null;
}

export async function enqueueInboxEvent(queue: Queue, eventId: string): Promise<void> {
  await queue.enqueue(INBOX_EVENT_JOB, { eventId }, { key: eventId });
}

export async function inboxEventByKey(
  db: Kysely<Schema>,
  source: string,
  dedupeKey: string,
): Promise<StoredRef | undefined> {
  const row = await db
    .selectFrom('inbox_events')
    .select(['id', 'status', 'connection_id'])
    .where('source', '=', source)
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  return row ? { id: row.id, status: row.status, connectionId: row.connection_id } : undefined;
}

/** A known event still waiting for the engine gets its job (a no-op while one waits). */
export async function ensureInboxJob(
  deps: IntakeDeps,
  source: string,
  dedupeKey: string,
): Promise<StoredRef | undefined> {
  const existing = await inboxEventByKey(deps.db, source, dedupeKey);
  if (existing?.status === 'pending' && existing.connectionId !== null)
    await enqueueInboxEvent(deps.queue, existing.id);
  return existing;
}

export interface IntakeResult {
  stored: string[];
  duplicates: number;
}

/** Stores each event once and makes sure each one pending has a job; in order. */
export async function ingestEvents(deps: IntakeDeps, events: NewInboxEvent[]): Promise<IntakeResult> {
  const inbox = inboxRepository(deps.db);
  const result: IntakeResult = { stored: [], duplicates: 0 };
  for (const event of events) {
    const added = await inbox.add(event);
    if (added) {
      await enqueueInboxEvent(deps.queue, added.id);
      result.stored.push(added.id);
    } else {
      result.duplicates += 1;
      await ensureInboxJob(deps, event.source, event.dedupeKey);
    }
  }
  return result;
}
