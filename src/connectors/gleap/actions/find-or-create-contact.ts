import { z } from 'zod';
import { defineGleapAction } from '../define-gleap-action.ts';
import { findOrCreateContact as findOrCreate } from '../find-or-create.ts';
import { contact, contactFields } from '../schemas.ts';

export const findOrCreateContact = defineGleapAction({
  key: 'find-or-create-contact',
  title: 'Find or create contact',
  description:
    'The Gleap contact with this user id, else with this email (one that carries another user id is someone else), else a new one: never a duplicate. A contact found by email that has no user id gets the one given. `created` says which happened.',
  idempotent: true,
  input: z.strictObject(contactFields).refine((input) => Boolean(input.userId || input.email), {
    message: 'give userId or email to look the contact up by',
    path: ['userId'],
  }),
  output: z.object({
    contact,
    created: z.boolean(),
    matchedBy: z.enum(['userId', 'email']).nullable(),
  }),
  async run(ctx, input) {
    return findOrCreate(ctx, input);
  },
});
