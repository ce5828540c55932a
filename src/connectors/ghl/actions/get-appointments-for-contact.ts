import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { appointment, contactId } from '../schemas.ts';

export const getAppointmentsForContact = defineGhlAction({
  key: 'get-appointments-for-contact',
  title: 'List appointments of a contact',
  description: 'Every calendar appointment booked with a contact, past and upcoming.',
  scopes: [READ],
  idempotent: true,
  input: z.object({ contactId }),
  output: z.object({ events: z.array(appointment) }),
  async run(ctx, { contactId }) {
    return ctx.client.call('get-appointments-for-contact', { path: { contactId }, signal: ctx.signal });
  },
});
