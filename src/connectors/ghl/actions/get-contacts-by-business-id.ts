import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { contact, id } from '../schemas.ts';

/** The spec's operationId is `get-contacts-by-businessId`; action keys are lower case. */
export const getContactsByBusinessId = defineGhlAction({
  key: 'get-contacts-by-business-id',
  title: 'List contacts of a business',
  description:
    'List the contacts linked to a business (company), optionally matching a text, one page at a time.',
  scopes: [READ],
  idempotent: true,
  input: z.object({
    businessId: id('Business id'),
    query: z.string().optional().describe('Text matched against name, email and phone'),
    limit: z.number().int().min(1).max(100).default(25).describe('Contacts per page'),
    skip: z.number().int().min(0).default(0).describe('Contacts to skip, e.g. 25 for the second page of 25'),
  }),
  output: z.object({ contacts: z.array(contact), count: z.number().optional() }),
  async run(ctx, input) {
    return ctx.client.call('get-contacts-by-businessId', {
      path: { businessId: input.businessId },
      query: {
        locationId: ctx.client.locationId,
        limit: String(input.limit),
        skip: String(input.skip),
        ...(input.query ? { query: input.query } : {}),
      },
      signal: ctx.signal,
    });
  },
});
