import { z } from 'zod';
import { defineGleantapAction } from '../define-gleantap-action.ts';
import { day, type Member, member, page, pageOutput, paging } from '../schemas.ts';

export const getCustomers = defineGleantapAction({
  key: 'get-customers',
  title: 'Get customers',
  description:
    'One page of Gleantap customers (contacts), optionally only one (by Gleantap id, your user id, email or phone) or those changed since a date. `updated_since` is a date, not a time: it returns everything changed that day or later. `fulldata` adds every attribute, tags and custom fields, and the sales notes (the only notes the public API shows; it cannot write them).',
  idempotent: true,
  input: z.object({
    contactId: z.string().min(1).optional().describe('Gleantap contact id (_id)'),
    user_id: z.string().min(1).optional().describe('Your own id for the contact'),
    email: z.string().min(1).optional(),
    phone: z.string().min(1).optional(),
    updated_since: day.optional().describe('Changed on this date or later (YYYY-MM-DD)'),
    event_since_date: day.optional().describe('With an event on this date or later (YYYY-MM-DD)'),
    fulldata: z.boolean().default(false),
    events: z.boolean().default(false).describe("Include each customer's events"),
    ...paging,
  }),
  output: pageOutput(member),
  async run(ctx, { contactId, ...input }) {
    const body = Object.fromEntries(
      Object.entries({ _id: contactId, ...input }).filter(([, v]) => v !== undefined),
    );
    const data = await ctx.client.call<{ members?: Member[] }>('getCustomers', body, {
      idempotent: true,
      signal: ctx.signal,
    });
    return page(data.members ?? [], input);
  },
});
