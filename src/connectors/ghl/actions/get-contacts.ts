import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { LIST_MAX_LIMIT } from '../paginate.ts';
import { contact } from '../schemas.ts';

export const getContacts = defineGhlAction({
  key: 'get-contacts',
  title: 'List contacts (deprecated)',
  description:
    'List contacts oldest first, optionally matching a text. GHL has deprecated this list: prefer "Search contacts". ' +
    'To get the next page, pass back both startAfter and startAfterId from "meta".',
  scopes: [READ],
  idempotent: true,
  input: z
    .object({
      query: z.string().optional().describe('Text matched against name, email and phone'),
      limit: z.number().int().min(1).max(LIST_MAX_LIMIT).default(20).describe('Contacts per page'),
      startAfter: z.number().int().optional().describe('meta.startAfter of the previous page (epoch ms)'),
      startAfterId: z.string().min(1).optional().describe('meta.startAfterId of the previous page'),
    })
    .refine((input) => (input.startAfter === undefined) === (input.startAfterId === undefined), {
      // With startAfter alone GHL answers the first page again.
      message: 'give startAfter and startAfterId together',
      path: ['startAfterId'],
    }),
  output: z.object({
    contacts: z.array(contact),
    count: z.number().optional(),
    meta: z
      .looseObject({
        total: z.number().nullish(),
        startAfter: z.number().nullish(),
        startAfterId: z.string().nullish(),
        nextPageUrl: z.string().nullish(),
      })
      .optional(),
  }),
  async run(ctx, input) {
    return ctx.client.call('get-contacts', {
      query: {
        locationId: ctx.client.locationId,
        limit: input.limit,
        ...(input.query ? { query: input.query } : {}),
        ...(input.startAfterId ? { startAfter: input.startAfter, startAfterId: input.startAfterId } : {}),
      },
      signal: ctx.signal,
    });
  },
});
