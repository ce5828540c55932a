import { z } from 'zod';
import { defineGleapAction } from '../define-gleap-action.ts';
import { message } from '../schemas.ts';
import { postTicketMessage, ticketMessageInput } from '../ticket-message.ts';

export const addTicketNote = defineGleapAction({
  key: 'add-ticket-note',
  title: 'Add internal note to ticket',
  description:
    'Post an internal note on a Gleap ticket: seen by the team, never by the contact. This is where a GHL note or task lands, since Gleap has no task object and no public contact-note API. Not sent twice when its answer is lost.',
  idempotent: false,
  input: ticketMessageInput,
  output: z.object({ message }),
  async run(ctx, input) {
    return postTicketMessage(ctx, input, 'NOTE');
  },
});
