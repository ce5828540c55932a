import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { contact } from '../schemas.ts';

export const getContact = defineGhlAction({
  key: 'get-contact',
  title: 'Get contact',
  description: 'Fetch one contact by its id, with tags, custom fields and DND settings.',
  scopes: [READ],
  idempotent: true,
  input: z.object({ contactId: z.string().min(1).describe('Contact id') }),
  output: z.object({ contact }),
  async run(ctx, input) {
    return ctx.client.call('get-contact', { path: { contactId: input.contactId }, signal: ctx.signal });
  },
});
