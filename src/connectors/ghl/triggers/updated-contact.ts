import type { PollContext, TriggerEvent } from '../../../kernel/define.ts';
import type { GhlClient } from '../client.ts';
import { READ } from '../operations.ts';
import {
  type ContactWindowCursor,
  DEFAULT_WINDOW,
  startCursor,
  type WindowSettings,
  walkChangedContacts,
} from './contact-window.ts';
import { defineGhlPollTrigger } from './define-ghl-poll-trigger.ts';
import { polledContact, sampleContactRecord } from './poll-payloads.ts';
import { withoutCursor } from './without-cursor.ts';

export function makeUpdatedContactTrigger(window: Partial<WindowSettings> = {}) {
  const options = { ...DEFAULT_WINDOW, ...window, field: 'dateUpdated' as const };
  return defineGhlPollTrigger({
    kind: 'poll',
    key: 'updated-contact',
    title: 'Updated contact (polling)',
    description:
      'Every change to an existing contact since the trigger was switched on, found by searching contacts by dateUpdated every minute; one event per change (contact id + dateUpdated). Several edits between two polls arrive as one event with the latest state. A contact never changed since its creation (dateUpdated = dateAdded) is left to "New contact".',
    scopes: [READ],
    intervalSeconds: 60,
    output: polledContact,
    sample: sampleContactRecord,
    async poll(ctx: PollContext<GhlClient>, cursor: ContactWindowCursor | null) {
      if (!cursor) return { events: [], cursor: startCursor(ctx.now().getTime()) };
      const events: TriggerEvent[] = [];
      const next = await walkChangedContacts(
        ctx.client,
        cursor,
        options,
        (contact, at) => {
          const added = Date.parse(String(contact.dateAdded ?? ''));
          // dateUpdated equal to dateAdded: only created, which "New contact" reports.
          if (at === added) return;
          events.push({
            id: `${ctx.connection.id}:updated-contact:${contact.id}:${at}`,
            type: 'updated-contact',
            occurredAt: new Date(at).toISOString(),
            payload: withoutCursor(contact),
          });
        },
        ctx.signal,
      );
      return { events, cursor: next };
    },
  });
}

export const updatedContact = makeUpdatedContactTrigger();
