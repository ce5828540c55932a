import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id, succeeded } from '../schemas.ts';

export const deleteNote = defineGhlAction({
  key: 'delete-note',
  title: 'Delete note',
  description: 'Delete a note of a contact.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({ contactId, noteId: id('Note id') }),
  output: succeeded,
  async run(ctx, { contactId, noteId }) {
    return ctx.client.call('delete-note', { path: { contactId, id: noteId }, signal: ctx.signal });
  },
});
