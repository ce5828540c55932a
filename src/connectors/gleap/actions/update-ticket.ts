import { z } from 'zod';
import { gleapPath } from '../client.ts';
import { defineGleapAction } from '../define-gleap-action.ts';
import { type Ticket, ticket, ticketBody, ticketFields } from '../schemas.ts';

export const updateTicket = defineGleapAction({
  key: 'update-ticket',
  title: 'Update ticket',
  description:
    'Change fields of a Gleap ticket (status, priority, assignee, tags...); the others are kept. Gleap sends ticket.updated for it.',
  idempotent: true,
  input: z
    .strictObject({ ticketId: z.string().min(1).describe('Gleap ticket id (_id)'), ...ticketFields })
    .refine((input) => Object.values(input).filter((v) => v !== undefined).length > 1, {
      message: 'give at least one field to change',
    }),
  output: z.object({ ticket }),
  async run(ctx, { ticketId, ...fields }) {
    const updated = await ctx.client.call<Ticket>('PUT', gleapPath`/tickets/${ticketId}`, {
      body: ticketBody(fields),
      signal: ctx.signal,
    });
    return { ticket: updated };
  },
});
