import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, succeeded } from '../schemas.ts';

export const deleteContact = defineGhlAction({
  key: 'delete-contact',
  title: 'Delete contact',
  description: 'Delete a contact for good, with its tasks, notes and appointments.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({ contactId }),
  output: succeeded,
  async run(ctx, { contactId }) {
    return ctx.client.call('delete-contact', { path: { contactId }, signal: ctx.signal });
  },
});
