import { z } from 'zod';
import { customFieldNamesInput, requireCustomFieldScope, withFieldNames } from '../custom-fields.ts';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import type { SearchAnswer } from '../paginate.ts';
import { searchCursor, searchedContact } from '../schemas.ts';
import { criteriaBody, SEARCH_MAX_PAGE_LIMIT, searchCriteria } from '../search-query.ts';

export const searchContactsAdvanced = defineGhlAction({
  key: 'search-contacts-advanced',
  title: 'Search contacts',
  description:
    'Find contacts by text, filters (e.g. a tag, an email, updated since a date) and sort order, one page at a ' +
    'time. "nextSearchAfter" is the bookmark of the next page: pass it back as "searchAfter" to continue.',
  scopes: [READ],
  idempotent: true,
  input: z
    .object({
      ...searchCriteria,
      pageLimit: z.number().int().min(1).max(SEARCH_MAX_PAGE_LIMIT).default(20).describe('Contacts per page'),
      page: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('Page number; up to 10,000 contacts, use searchAfter beyond'),
      searchAfter: searchCursor
        .optional()
        .describe('Continue after this bookmark (nextSearchAfter of the last page)'),
      customFieldNames: customFieldNamesInput,
    })
    .refine((input) => input.page === undefined || input.searchAfter === undefined, {
      message: 'give page or searchAfter, not both',
      path: ['page'],
    }),
  output: z.object({
    contacts: z.array(searchedContact),
    total: z.number(),
    nextSearchAfter: searchCursor.nullable(),
  }),
  async run(ctx, input) {
    if (input.customFieldNames) requireCustomFieldScope(ctx, 'Custom field names');
    const body = {
      locationId: ctx.client.locationId,
      pageLimit: input.pageLimit,
      ...criteriaBody(input),
      ...(input.page !== undefined ? { page: input.page } : {}),
      ...(input.searchAfter ? { searchAfter: input.searchAfter } : {}),
    };
    // A search changes nothing: safe to send again after an ambiguous failure.
    const answer = (await ctx.client.call('search-contacts-advanced', {
      body,
      idempotent: true,
      signal: ctx.signal,
    })) as SearchAnswer;
    const { contacts = [], total } = answer;
    const last = contacts.at(-1);
    const named = input.customFieldNames
      ? await Promise.all(contacts.map((c) => withFieldNames(ctx, c)))
      : contacts;
    return {
      contacts: named,
      total,
      nextSearchAfter: contacts.length === input.pageLimit && last?.searchAfter ? last.searchAfter : null,
    };
  },
});
