import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id, note } from '../schemas.ts';

export const updateNote = defineGhlAction({
  key: 'update-note',
  title: 'Update note',
  description: 'Change the text, title, colour or pin of a note; fields left out keep their values.',
  scopes: [WRITE],
  idempotent: true,
  input: z
    .object({
      contactId,
      noteId: id('Note id'),
      body: z.string().min(1).optional().describe('The text of the note'),
      title: z.string().optional(),
      color: z.string().optional().describe('e.g. #FFAA00'),
      pinned: z.boolean().optional(),
      userId: z.string().optional().describe('Author (user id)'),
    })
    .refine(
      ({ contactId: _c, noteId: _n, ...fields }) => Object.values(fields).some((v) => v !== undefined),
      {
        message: 'give at least one field to change',
      },
    ),
  output: z.object({ note }),
  async run(ctx, { contactId, noteId, ...body }) {
    return ctx.client.call('update-note', { path: { contactId, id: noteId }, body, signal: ctx.signal });
  },
});
