import { z } from 'zod';
import { defineGleapAction } from '../define-gleap-action.ts';
import { type Contact, contact, contactFields } from '../schemas.ts';

export const createContact = defineGleapAction({
  key: 'create-contact',
  title: 'Create contact',
  description:
    'Create a Gleap contact (a "session"). Gleap refuses a second contact with the same user id but allows the same email twice; use "Find or create contact" to avoid duplicates. A create whose answer is lost is not sent again.',
  idempotent: false,
  input: z.strictObject(contactFields),
  output: z.object({ contact }),
  async run(ctx, input) {
    const created = await ctx.client.call<Contact>('POST', '/sessions', { body: input, signal: ctx.signal });
    return { contact: created };
  },
});
