import { z } from 'zod';
import { defineGleapAction } from '../define-gleap-action.ts';
import { type Contact, contact, listFilters, listPaging, listQuery } from '../schemas.ts';

export const listContacts = defineGleapAction({
  key: 'list-contacts',
  title: 'List contacts',
  description:
    'One page of Gleap contacts, filtered on any field (email, userId, customData.plan...), sorted and paged with limit (at most 1,000) and skip.',
  idempotent: true,
  input: z.object({ filters: listFilters, ...listPaging }),
  output: z.object({ contacts: z.array(contact) }),
  async run(ctx, input) {
    const contacts = await ctx.client.get<Contact[]>('/sessions', {
      query: listQuery(input),
      signal: ctx.signal,
    });
    return { contacts };
  },
});
