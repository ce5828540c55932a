import { z } from 'zod';
import { gleapPath } from '../client.ts';
import { defineGleapAction } from '../define-gleap-action.ts';
import { type Ticket, ticket } from '../schemas.ts';

export const getTicket = defineGleapAction({
  key: 'get-ticket',
  title: 'Get ticket',
  description: 'Fetch one Gleap ticket by its id, with its contact, assignee and latest comment.',
  idempotent: true,
  input: z.object({ ticketId: z.string().min(1).describe('Gleap ticket id (_id)') }),
  output: z.object({ ticket }),
  async run(ctx, { ticketId }) {
    return { ticket: await ctx.client.get<Ticket>(gleapPath`/tickets/${ticketId}`, { signal: ctx.signal }) };
  },
});
