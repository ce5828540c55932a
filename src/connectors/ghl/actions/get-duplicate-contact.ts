import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { contact } from '../schemas.ts';

export const getDuplicateContact = defineGhlAction({
  key: 'get-duplicate-contact',
  title: 'Find contact by email or phone',
  description:
    "Look for the contact that already has this email or phone, the way GHL checks for duplicates (the location's " +
    'duplicate settings decide which is tried first). Answers no contact when there is none.',
  scopes: [READ],
  idempotent: true,
  input: z
    .object({
      email: z.email().optional(),
      phone: z.string().min(5).optional().describe('E.164 format, e.g. +14155550100'),
    })
    .refine((input) => Boolean(input.email || input.phone), {
      message: 'give an email or a phone',
      path: ['email'],
    }),
  output: z.object({ contact: contact.nullable() }),
  async run(ctx, { email, phone }) {
    const data = (await ctx.client.call('get-duplicate-contact', {
      query: {
        locationId: ctx.client.locationId,
        ...(email ? { email } : {}),
        ...(phone ? { number: phone } : {}),
      },
      signal: ctx.signal,
    })) as { contact?: unknown } | undefined;
    return { contact: data?.contact ?? null };
  },
});
