import { z } from 'zod';
import { withCustomFieldIds } from '../custom-field-input.ts';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contact, contactCreateFields } from '../schemas.ts';

export const upsertContact = defineGhlAction({
  key: 'upsert-contact',
  title: 'Create or update contact',
  description:
    'Update the contact with this email or phone, or create it when there is none, following the ' +
    "location's duplicate settings. Fields given overwrite the contact's (tags too). " +
    '"new" tells whether a contact was created. Custom fields can be given by key or name.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object(contactCreateFields).refine((input) => Boolean(input.email || input.phone), {
    message:
      'give an email or a phone: without one GHL cannot find the contact and creates a new one every time',
    path: ['email'],
  }),
  output: z.object({ new: z.boolean(), contact, traceId: z.string().optional() }),
  async run(ctx, input) {
    const body = { locationId: ctx.client.locationId, ...(await withCustomFieldIds(ctx, input)) };
    // Matched on email or phone, a second copy updates the contact the first one made.
    return ctx.client.call('upsert-contact', { body, idempotent: true, signal: ctx.signal });
  },
});
