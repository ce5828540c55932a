import { z } from 'zod';
import { gleapPath } from '../client.ts';
import { defineGleapAction } from '../define-gleap-action.ts';
import { type Contact, contact } from '../schemas.ts';

export const getContactByUserId = defineGleapAction({
  key: 'get-contact-by-user-id',
  title: 'Get contact by user id',
  description: 'Fetch the Gleap contact that carries your own id (its userId), e.g. the GHL contact id.',
  idempotent: true,
  input: z.object({ userId: z.string().min(1).describe('Your id for the contact (Gleap userId)') }),
  output: z.object({ contact }),
  async run(ctx, { userId }) {
    const found = await ctx.client.get<Contact>(gleapPath`/sessions/by-user-id/${userId}`, {
      signal: ctx.signal,
    });
    return { contact: found };
  },
});
