import type { PollContext, PollResult, TriggerEvent } from '../../../kernel/define.ts';
import type { GhlClient } from '../client.ts';
import type { SearchedContact } from '../schemas.ts';
import {
  type ContactWindowCursor,
  startCursor,
  type WindowSettings,
  walkChangedContacts,
} from './contact-window.ts';
import { summaryOf } from './poll-payloads.ts';

/**
 * New tasks and notes, for which the contacts API has no location-wide list: the contacts that
 * changed since the last poll are found by dateUpdated, and each one's tasks (or notes) are
 * fetched (one request per changed contact) and compared with the ids seen on that contact before.
 * A record is new when its id was not seen on its contact and it is younger than the trigger
 * (its own dateAdded when the API gives one — notes do, tasks do not — otherwise: the contact
 * was seen before, or was itself created after the trigger was switched on).
 */
export interface RelatedCursor extends ContactWindowCursor {
  /** contactId → ids of its records at the last look; the most recently looked-at contacts only. */
  known: Record<string, string[]>;
}

/** Contacts whose record ids are remembered; beyond this the least recently changed are forgotten. */
export const KNOWN_CONTACTS_MAX = 5_000;

export interface RelatedSpec {
  key: 'new-task' | 'new-note';
  fetch(
    client: GhlClient,
    contactId: string,
    signal?: AbortSignal,
  ): Promise<Array<Record<string, unknown> & { id: string }>>;
}

export async function pollRelated(
  ctx: PollContext<GhlClient>,
  cursor: RelatedCursor | null,
  spec: RelatedSpec,
  window: WindowSettings,
): Promise<PollResult<RelatedCursor>> {
  if (!cursor) return { events: [], cursor: { ...startCursor(ctx.now().getTime()), known: {} } };
  const known = { ...cursor.known };
  const events: TriggerEvent[] = [];
  const visit = async (contact: SearchedContact, at: number) => {
    const records = await spec.fetch(ctx.client, contact.id, ctx.signal);
    const before = known[contact.id];
    const seenBefore = new Set(before ?? []);
    const contactAdded = Date.parse(String(contact.dateAdded ?? ''));
    for (const record of records) {
      if (seenBefore.has(record.id)) continue;
      const own = Date.parse(String(record.dateAdded ?? ''));
      const young = Number.isNaN(own)
        ? before !== undefined || contactAdded >= cursor.floor
        : own >= cursor.floor;
      if (!young) continue;
      events.push({
        id: `${ctx.connection.id}:${spec.key}:${record.id}`,
        type: spec.key,
        occurredAt: new Date(Number.isNaN(own) ? at : own).toISOString(),
        payload: { ...record, contactId: contact.id, contact: summaryOf(contact) },
      });
    }
    // Re-inserted last, so that the least recently changed contacts are the ones forgotten.
    delete known[contact.id];
    known[contact.id] = records.map((r) => r.id);
  };
  const next = await walkChangedContacts(
    ctx.client,
    cursor,
    { ...window, field: 'dateUpdated' },
    visit,
    ctx.signal,
  );
  const ids = Object.keys(known);
  for (const id of ids.slice(0, Math.max(0, ids.length - KNOWN_CONTACTS_MAX))) delete known[id];
  return { events, cursor: { ...next, known } };
}
