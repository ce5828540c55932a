import { z } from 'zod';
import { gleapPath } from '../client.ts';
import { defineGleapAction } from '../define-gleap-action.ts';
import { unlessNotFound } from '../not-found.ts';

export const deleteTicket = defineGleapAction({
  key: 'delete-ticket',
  title: 'Delete ticket',
  description:
    'Delete a Gleap ticket and its messages. Gleap sends no webhook for it. A ticket that is already gone is not an error (`found: false`).',
  idempotent: true,
  input: z.object({ ticketId: z.string().min(1).describe('Gleap ticket id (_id)') }),
  output: z.object({ deleted: z.literal(true), ticketId: z.string(), found: z.boolean() }),
  async run(ctx, { ticketId }) {
    const answer = await unlessNotFound(() =>
      ctx.client.call('DELETE', gleapPath`/tickets/${ticketId}`, { signal: ctx.signal }).then(() => true),
    );
    return { deleted: true, ticketId, found: answer === true };
  },
});
