import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id, succeeded } from '../schemas.ts';

export const removeContactFromCampaign = defineGhlAction({
  key: 'remove-contact-from-campaign',
  title: 'Remove contact from campaign',
  description: 'Stop one campaign for a contact; no further messages of it are sent.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({ contactId, campaignId: id('Campaign id') }),
  output: succeeded,
  async run(ctx, { contactId, campaignId }) {
    return ctx.client.call('remove-contact-from-campaign', {
      path: { contactId, campaignId },
      signal: ctx.signal,
    });
  },
});
