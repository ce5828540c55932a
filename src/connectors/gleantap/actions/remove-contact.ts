import { z } from 'zod';
import { defineGleantapAction } from '../define-gleantap-action.ts';

export const removeContact = defineGleantapAction({
  key: 'remove-contact',
  title: 'Remove contact',
  description: 'Delete a Gleantap contact by its Gleantap id, with its events.',
  idempotent: true,
  input: z.object({ contactId: z.string().min(1).describe('Gleantap contact id') }),
  output: z.object({ removed: z.literal(true), contactId: z.string(), result: z.string().nullish() }),
  async run(ctx, { contactId }) {
    const data = await ctx.client.call<{ result?: string }>(
      'removeContact',
      { id: contactId },
      { signal: ctx.signal },
    );
    return { removed: true, contactId, result: data?.result };
  },
});
