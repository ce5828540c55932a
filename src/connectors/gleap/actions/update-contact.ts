import { z } from 'zod';
import { gleapPath } from '../client.ts';
import { defineGleapAction } from '../define-gleap-action.ts';
import { type Contact, contact, contactFields } from '../schemas.ts';

export const updateContact = defineGleapAction({
  key: 'update-contact',
  title: 'Update contact',
  description:
    'Change fields of a Gleap contact by its id; the fields given replace the stored ones, the others are kept. Changing the user id to one another contact has is refused.',
  idempotent: true,
  input: z.strictObject({
    contactId: z.string().min(1).describe('Gleap contact id (_id)'),
    ...contactFields,
  }),
  output: z.object({ contact }),
  async run(ctx, { contactId, ...fields }) {
    if (Object.keys(fields).length === 0) {
      return {
        contact: await ctx.client.get<Contact>(gleapPath`/sessions/${contactId}`, { signal: ctx.signal }),
      };
    }
    const updated = await ctx.client.call<Contact>('PUT', gleapPath`/sessions/${contactId}`, {
      body: fields,
      signal: ctx.signal,
    });
    return { contact: updated };
  },
});
