import { z } from 'zod';
import { gleapPath } from '../client.ts';
import { defineGleapAction } from '../define-gleap-action.ts';
import { type Contact, contact } from '../schemas.ts';

export const getContact = defineGleapAction({
  key: 'get-contact',
  title: 'Get contact',
  description: 'Fetch one Gleap contact by its Gleap id (_id).',
  idempotent: true,
  input: z.object({ contactId: z.string().min(1).describe('Gleap contact id (_id)') }),
  output: z.object({ contact }),
  async run(ctx, { contactId }) {
    return {
      contact: await ctx.client.get<Contact>(gleapPath`/sessions/${contactId}`, { signal: ctx.signal }),
    };
  },
});
