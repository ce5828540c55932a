import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { id } from '../schemas.ts';

export const addRemoveContactFromBusiness = defineGhlAction({
  key: 'add-remove-contact-from-business',
  title: 'Link contacts to a business',
  description:
    'Link many contacts to a business (company), or unlink them with an empty business (null). ' +
    'Answers the contacts that were changed.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({
    contactIds: z.array(id('Contact id')).min(1),
    businessId: id('Business id').nullable().describe('The business, or null to unlink the contacts'),
  }),
  output: z.object({ success: z.boolean(), ids: z.array(z.string()) }),
  async run(ctx, { contactIds, businessId }) {
    // Setting the same business twice is the same as once.
    return ctx.client.call('add-remove-contact-from-business', {
      body: { locationId: ctx.client.locationId, ids: contactIds, businessId },
      idempotent: true,
      signal: ctx.signal,
    });
  },
});
