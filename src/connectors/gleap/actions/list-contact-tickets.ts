import { z } from 'zod';
import { defineGleapAction } from '../define-gleap-action.ts';
import { listPaging, listQuery, ticketPage } from '../schemas.ts';

export const listContactTickets = defineGleapAction({
  key: 'list-contact-tickets',
  title: "List a contact's tickets",
  description:
    'The tickets of the Gleap contact with this email, user id or phone (every one given must match the same contact).',
  idempotent: true,
  input: z
    .object({
      email: z.string().min(1).optional(),
      userId: z.string().min(1).optional(),
      phone: z.string().min(1).optional(),
      ...listPaging,
    })
    .refine((input) => Boolean(input.email || input.userId || input.phone), {
      message: 'give email, userId or phone',
      path: ['email'],
    }),
  output: ticketPage,
  async run(ctx, { email, userId, phone, ...paging }) {
    const query = {
      ...listQuery(paging),
      ...(email && { email }),
      ...(userId && { userId }),
      ...(phone && { phone }),
    };
    return ctx.client.get('/tickets/by-session-query', { query, signal: ctx.signal });
  },
});
