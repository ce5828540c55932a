import { z } from 'zod';
import { defineGleapAction } from '../define-gleap-action.ts';
import { message } from '../schemas.ts';
import { postTicketMessage, ticketMessageInput } from '../ticket-message.ts';

export const addTicketComment = defineGleapAction({
  key: 'add-ticket-comment',
  title: 'Add comment to ticket',
  description:
    "Post a comment (a reply the contact can see) on a Gleap ticket. It becomes the ticket's latest comment and Gleap sends ticket.updated. Not sent twice when its answer is lost.",
  idempotent: false,
  input: ticketMessageInput,
  output: z.object({ message }),
  async run(ctx, input) {
    return postTicketMessage(ctx, input, 'COMMENT');
  },
});
