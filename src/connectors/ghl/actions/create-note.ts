import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, note } from '../schemas.ts';

export const createNote = defineGhlAction({
  key: 'create-note',
  title: 'Add note',
  description:
    'Write a note on a contact. GHL has no idempotency key for notes, so a create whose answer is lost is not sent ' +
    'again blindly.',
  scopes: [WRITE],
  idempotent: false,
  input: z.object({
    contactId,
    body: z.string().min(1).describe('The text of the note'),
    title: z.string().optional(),
    color: z.string().optional().describe('e.g. #FFAA00'),
    pinned: z.boolean().optional(),
    userId: z.string().optional().describe('Author (user id)'),
  }),
  output: z.object({ note }),
  async run(ctx, { contactId, ...body }) {
    return ctx.client.call('create-note', { path: { contactId }, body, signal: ctx.signal });
  },
});
