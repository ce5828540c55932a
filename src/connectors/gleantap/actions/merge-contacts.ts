import { z } from 'zod';
import { defineGleantapAction } from '../define-gleantap-action.ts';

export const mergeContacts = defineGleantapAction({
  key: 'merge-contacts',
  title: 'Merge contacts',
  description:
    'Merge two Gleantap contacts into one. keepContactId remains and mergeContactId is merged into it and deleted (Gleantap calls them from_contact and to_contact, in that counter-intuitive order).',
  idempotent: false,
  input: z
    .object({
      keepContactId: z.string().min(1).describe('The contact that remains (from_contact)'),
      mergeContactId: z.string().min(1).describe('The contact merged into it and deleted (to_contact)'),
    })
    .refine((input) => input.keepContactId !== input.mergeContactId, {
      message: 'the two contacts must differ',
      path: ['mergeContactId'],
    }),
  output: z.object({ status: z.boolean(), message: z.string().nullish(), keptContactId: z.string() }),
  async run(ctx, { keepContactId, mergeContactId }) {
    const data = await ctx.client.call<{ status: boolean; message?: string }>(
      'mergeContacts',
      { from_contact: keepContactId, to_contact: mergeContactId },
      { signal: ctx.signal },
    );
    return { status: data.status, message: data.message, keptContactId: keepContactId };
  },
});
