import { z } from 'zod';
import { defineGleantapAction } from '../define-gleantap-action.ts';
import { day } from '../schemas.ts';

export const createEvent = defineGleantapAction({
  key: 'create-event',
  title: 'Create event (also: record a task or note)',
  description:
    "Put an event on a Gleantap contact's timeline (a visit, a purchase, anything). Gleantap's public API has no tasks and no notes, so ghl-bridge records a GHL task or note as an event (e.g. event_type ghl_task or ghl_note, the text in event_data). The event id is yours: sending the same id again replaces the event instead of adding one.",
  idempotent: true,
  input: z.object({
    eventId: z.string().min(1).describe('Your unique id for the event (e.g. the GHL task id)'),
    user_id: z.string().min(1).describe('Your id of the contact; Gleantap requires it'),
    contactId: z.string().min(1).optional().describe('Gleantap contact id (_id), when known'),
    email: z.string().optional(),
    phone: z.string().optional(),
    event_type: z.string().min(1).describe('e.g. visit, purchase, ghl_task, ghl_note'),
    event_name: z.string().optional(),
    event_date: day.describe('YYYY-MM-DD'),
    event_time: z
      .string()
      .regex(/^(0?[1-9]|1[0-2]):[0-5]\d ?[AaPp][Mm]$/, 'HH:MM AM/PM')
      .optional()
      .describe('HH:MM AM/PM'),
    is_visit: z.boolean().optional(),
    is_purchase: z.boolean().optional(),
    event_data: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Custom fields of the event, e.g. { "status": "completed", "staff": "John Doe" }'),
  }),
  output: z.object({ eventId: z.string(), result: z.string().nullish() }),
  async run(ctx, { eventId, contactId, ...fields }) {
    const body = { id: eventId, ...(contactId ? { _id: contactId } : {}), ...fields };
    const data = await ctx.client.call<{ result?: string }>('newEvent', body, {
      idempotent: true,
      signal: ctx.signal,
    });
    return { eventId, result: data?.result };
  },
});
