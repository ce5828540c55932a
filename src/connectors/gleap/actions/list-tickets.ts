import { z } from 'zod';
import { defineGleapAction } from '../define-gleap-action.ts';
import { listFilters, listPaging, listQuery, ticketPage } from '../schemas.ts';

export const listTickets = defineGleapAction({
  key: 'list-tickets',
  title: 'List tickets',
  description:
    'One page of Gleap tickets, filtered on any field (status, type, priority, customData.x...), sorted (e.g. -updatedAt) and paged with limit (at most 1,000) and skip. Archived tickets are included unless ignoreArchived.',
  idempotent: true,
  input: z.object({ filters: listFilters, ...listPaging, ignoreArchived: z.boolean().default(false) }),
  output: ticketPage,
  async run(ctx, { ignoreArchived, ...input }) {
    const query = { ...listQuery(input), ...(ignoreArchived ? { ignoreArchived: 'true' } : {}) };
    return ctx.client.get('/tickets', { query, signal: ctx.signal });
  },
});
