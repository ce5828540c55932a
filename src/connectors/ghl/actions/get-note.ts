import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { contactId, id, note } from '../schemas.ts';

export const getNote = defineGhlAction({
  key: 'get-note',
  title: 'Get note',
  description: 'Fetch one note of a contact by its id.',
  scopes: [READ],
  idempotent: true,
  input: z.object({ contactId, noteId: id('Note id') }),
  output: z.object({ note }),
  async run(ctx, { contactId, noteId }) {
    return ctx.client.call('get-note', { path: { contactId, id: noteId }, signal: ctx.signal });
  },
});
