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

export function makeNewContactTrigger(window: Partial<WindowSettings> = {}) {
  const options = { ...DEFAULT_WINDOW, ...window, field: 'dateAdded' as const };
  return defineGhlPollTrigger({
    kind: 'poll',
    key: 'new-contact',
    title: 'New contact (polling)',
    description:
      'Every contact added to the location since the trigger was switched on, once each, found by searching contacts by dateAdded every minute. For instant delivery use "Contact created" (webhook).',
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
          events.push({
            id: `${ctx.connection.id}:new-contact:${contact.id}`,
            type: 'new-contact',
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

export const newContact = makeNewContactTrigger();
