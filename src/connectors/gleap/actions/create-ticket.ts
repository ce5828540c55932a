import { z } from 'zod';
import { defineGleapAction } from '../define-gleap-action.ts';
import { type Ticket, ticket, ticketBody, ticketFields } from '../schemas.ts';

export const createTicket = defineGleapAction({
  key: 'create-ticket',
  title: 'Create ticket',
  description:
    'Create a Gleap ticket, linked to a contact by its id. Gleap has no idempotency key for tickets, so a create whose answer is lost is not sent again (look it up before retrying).',
  idempotent: false,
  input: z.strictObject({ ...ticketFields, title: z.string().min(1) }),
  output: z.object({ ticket }),
  async run(ctx, input) {
    const created = await ctx.client.call<Ticket>('POST', '/tickets', {
      body: ticketBody(input),
      signal: ctx.signal,
    });
    return { ticket: created };
  },
});
