import type { PollContext } from '../../../kernel/define.ts';
import type { GhlClient } from '../client.ts';
import { READ } from '../operations.ts';
import { DEFAULT_WINDOW, type WindowSettings } from './contact-window.ts';
import { defineGhlPollTrigger } from './define-ghl-poll-trigger.ts';
import { polledTask, sampleTaskRecord } from './poll-payloads.ts';
import { pollRelated, type RelatedCursor } from './related-records.ts';

export function makeNewTaskTrigger(window: Partial<WindowSettings> = {}) {
  const options = { ...DEFAULT_WINDOW, ...window };
  return defineGhlPollTrigger({
    kind: 'poll',
    key: 'new-task',
    title: 'New task (polling)',
    description:
      "New tasks, found through the contacts that changed: GHL's contacts API cannot list a location's tasks, so every minute the contacts whose dateUpdated moved are looked up and their tasks compared with those seen before. Latency: one poll (about a minute) after the contact changes. Coverage: a task added to a contact that does not otherwise change is found only if GHL moves the contact's dateUpdated for it (not documented), and a task added to an older contact at the first change the trigger sees of it is taken as already there. For every task as it is created, use \"Task created\" (webhook).",
    scopes: [READ],
    intervalSeconds: 60,
    output: polledTask,
    sample: sampleTaskRecord,
    poll(ctx: PollContext<GhlClient>, cursor: RelatedCursor | null) {
      return pollRelated(
        ctx,
        cursor,
        {
          key: 'new-task',
          async fetch(client, contactId, signal) {
            const data = await client.call('get-all-tasks', {
              path: { contactId },
              ...(signal ? { signal } : {}),
            });
            return (data.tasks ?? []) as Array<Record<string, unknown> & { id: string }>;
          },
        },
        options,
      );
    },
  });
}

export const newTask = makeNewTaskTrigger();
