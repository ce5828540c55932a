import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { contactId, note } from '../schemas.ts';

export const getAllNotes = defineGhlAction({
  key: 'get-all-notes',
  title: 'List notes of a contact',
  description: 'Every note written on a contact.',
  scopes: [READ],
  idempotent: true,
  input: z.object({ contactId }),
  output: z.object({ notes: z.array(note) }),
  async run(ctx, { contactId }) {
    return ctx.client.call('get-all-notes', { path: { contactId }, signal: ctx.signal });
  },
});
