import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { findOrCreateContact as findOrCreate } from '../find-or-create.ts';
import { READ, WRITE } from '../operations.ts';
import { contact, contactCreateFields } from '../schemas.ts';

export const findOrCreateContact = defineGhlAction({
  key: 'find-or-create-contact',
  title: 'Find or create contact',
  description:
    'Answer the contact with this email or phone, or create it if there is none. An existing contact is not ' +
    'changed. Safe to run again, even after a network failure: it never creates a second contact. ' +
    'Custom fields (by key or name) are used only when creating.',
  scopes: [READ, WRITE],
  idempotent: true,
  input: z.object(contactCreateFields).refine((input) => Boolean(input.email || input.phone), {
    message: 'give an email or a phone to find the contact by',
    path: ['email'],
  }),
  output: z.object({
    contact,
    created: z.boolean().describe('True when no contact with this email or phone existed'),
    matchedBy: z.enum(['email', 'phone']).nullable().describe('What the existing contact was found by'),
  }),
  async run(ctx, input) {
    return findOrCreate(ctx, input);
  },
});
