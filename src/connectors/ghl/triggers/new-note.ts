import type { PollContext } from '../../../kernel/define.ts';
import type { GhlClient } from '../client.ts';
import { READ } from '../operations.ts';
import { DEFAULT_WINDOW, type WindowSettings } from './contact-window.ts';
import { defineGhlPollTrigger } from './define-ghl-poll-trigger.ts';
import { polledNote, sampleNoteRecord } from './poll-payloads.ts';
import { pollRelated, type RelatedCursor } from './related-records.ts';

export function makeNewNoteTrigger(window: Partial<WindowSettings> = {}) {
  const options = { ...DEFAULT_WINDOW, ...window };
  return defineGhlPollTrigger({
    kind: 'poll',
    key: 'new-note',
    title: 'New note (polling)',
    description:
      "New notes, found through the contacts that changed: GHL's contacts API cannot list a location's notes, so every minute the contacts whose dateUpdated moved are looked up and their notes (with their dateAdded) compared with those seen before. Latency: one poll (about a minute) after the contact changes. Coverage: a note added to a contact that does not otherwise change is found only if GHL moves the contact's dateUpdated for it (not documented). For every note as it is created, use \"Note created\" (webhook).",
    scopes: [READ],
    intervalSeconds: 60,
    output: polledNote,
    sample: sampleNoteRecord,
    poll(ctx: PollContext<GhlClient>, cursor: RelatedCursor | null) {
      return pollRelated(
        ctx,
        cursor,
        {
          key: 'new-note',
          async fetch(client, contactId, signal) {
            const data = await client.call('get-all-notes', {
              path: { contactId },
              ...(signal ? { signal } : {}),
            });
            return (data.notes ?? []) as Array<Record<string, unknown> & { id: string }>;
          },
        },
        options,
      );
    },
  });
}

export const newNote = makeNewNoteTrigger();
