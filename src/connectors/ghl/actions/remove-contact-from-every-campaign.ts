import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, succeeded } from '../schemas.ts';

export const removeContactFromEveryCampaign = defineGhlAction({
  key: 'remove-contact-from-every-campaign',
  title: 'Remove contact from every campaign',
  description: 'Stop every campaign running for a contact.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({ contactId }),
  output: succeeded,
  async run(ctx, { contactId }) {
    return ctx.client.call('remove-contact-from-every-campaign', { path: { contactId }, signal: ctx.signal });
  },
});
