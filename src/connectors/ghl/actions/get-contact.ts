import { z } from 'zod';
import { customFieldNamesInput, requireCustomFieldScope, withFieldNames } from '../custom-fields.ts';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { type Contact, contact, contactId } from '../schemas.ts';

export const getContact = defineGhlAction({
  key: 'get-contact',
  title: 'Get contact',
  description:
    'Fetch one contact by its id, with tags, custom fields and do-not-disturb settings. ' +
    'Custom fields can come with their keys and names, not only their ids.',
  scopes: [READ],
  idempotent: true,
  input: z.object({ contactId, customFieldNames: customFieldNamesInput }),
  output: z.object({ contact }),
  async run(ctx, input) {
    if (input.customFieldNames) requireCustomFieldScope(ctx, 'Custom field names');
    const data = await ctx.client.call('get-contact', {
      path: { contactId: input.contactId },
      signal: ctx.signal,
    });
    if (!input.customFieldNames || !data.contact) return data;
    return { contact: await withFieldNames(ctx, data.contact as Contact) };
  },
});
