import { z } from 'zod';
import { withCustomFieldIds } from '../custom-field-input.ts';
import { defineGhlAction } from '../define-ghl-action.ts';
import { refusingDuplicates } from '../duplicate-contact.ts';
import { WRITE } from '../operations.ts';
import { contact, contactId, contactUpdateFields, succeeded } from '../schemas.ts';

export const updateContact = defineGhlAction({
  key: 'update-contact',
  title: 'Update contact',
  description:
    'Change fields of a contact; fields left out keep their values, and an empty value (null) clears one. ' +
    'Tags given here replace all of its tags (use "Add tags" to keep the others). ' +
    'Custom fields can be given by key or name.',
  scopes: [WRITE],
  idempotent: true,
  input: z
    .object({ contactId, ...contactUpdateFields })
    .refine(({ contactId: _id, ...fields }) => Object.values(fields).some((v) => v !== undefined), {
      message: 'give at least one field to change',
    }),
  output: succeeded.extend({ contact }),
  async run(ctx, { contactId, ...fields }) {
    const body = await withCustomFieldIds(ctx, fields);
    return refusingDuplicates(() =>
      ctx.client.call('update-contact', { path: { contactId }, body, signal: ctx.signal }),
    );
  },
});
