import { z } from 'zod';
import { defineGleapAction } from '../define-gleap-action.ts';
import { type Contact, contact } from '../schemas.ts';

export const searchContacts = defineGleapAction({
  key: 'search-contacts',
  title: 'Search contacts',
  description: 'Gleap contacts whose name, email, user id or phone contain the text (not case-sensitive).',
  idempotent: true,
  input: z.object({
    searchTerm: z.string().trim().min(1).describe('Text to look for'),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  output: z.object({ contacts: z.array(contact) }),
  async run(ctx, { searchTerm, limit }) {
    const contacts = await ctx.client.get<Contact[]>('/sessions/search', {
      query: { searchTerm, limit },
      signal: ctx.signal,
    });
    return { contacts };
  },
});
