import { z } from 'zod';
import { withCustomFieldIds } from '../custom-field-input.ts';
import { defineGhlAction } from '../define-ghl-action.ts';
import { refusingDuplicates } from '../duplicate-contact.ts';
import { WRITE } from '../operations.ts';
import { contact, contactCreateFields } from '../schemas.ts';

export const createContact = defineGhlAction({
  key: 'create-contact',
  title: 'Create contact',
  description:
    'Add a new contact. If the location does not allow duplicates and the email or phone is taken, ' +
    'nothing is created and the error names the existing contact. To avoid duplicates whatever the ' +
    'setting, use "Find or create contact". Custom fields can be given by key or name.',
  scopes: [WRITE],
  // A create whose answer is lost is not sent again: a second contact could result.
  idempotent: false,
  input: z.object(contactCreateFields),
  output: z.object({ contact }),
  async run(ctx, input) {
    const body = { locationId: ctx.client.locationId, ...(await withCustomFieldIds(ctx, input)) };
    return refusingDuplicates(() => ctx.client.call('create-contact', { body, signal: ctx.signal }));
  },
});
