import { z } from 'zod';
import {
  customFieldCatalogue,
  customFieldNamesInput,
  requireCustomFieldScope,
  withFieldNames,
} from '../custom-fields.ts';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { appointment, contact, contactId, note, task } from '../schemas.ts';

export const contactSnapshot = defineGhlAction({
  key: 'contact-snapshot',
  title: 'Contact snapshot',
  description:
    'Everything about one contact in one step: its details, tasks, notes and appointments, fetched side by side ' +
    'within the API rate limit.',
  scopes: [READ],
  idempotent: true,
  input: z.object({ contactId, customFieldNames: customFieldNamesInput }),
  output: z.object({
    contact,
    tasks: z.array(task),
    notes: z.array(note),
    appointments: z.array(appointment),
  }),
  async run(ctx, { contactId, customFieldNames }) {
    if (customFieldNames) requireCustomFieldScope(ctx, 'Custom field names');
    const path = { contactId };
    const signal = ctx.signal;
    // In parallel: the throttle spaces them when the location's budget is short.
    const [details, tasks, notes, appointments] = await Promise.all([
      ctx.client.call('get-contact', { path, signal }),
      ctx.client.call('get-all-tasks', { path, signal }),
      ctx.client.call('get-all-notes', { path, signal }),
      ctx.client.call('get-appointments-for-contact', { path, signal }),
      customFieldNames ? customFieldCatalogue(ctx) : undefined,
    ]);
    const found = details.contact as z.infer<typeof contact>;
    return {
      contact: customFieldNames ? await withFieldNames(ctx, found) : found,
      tasks: tasks.tasks ?? [],
      notes: notes.notes ?? [],
      appointments: appointments.events ?? [],
    };
  },
});
