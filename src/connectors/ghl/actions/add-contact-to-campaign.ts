import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id, succeeded } from '../schemas.ts';

export const addContactToCampaign = defineGhlAction({
  key: 'add-contact-to-campaign',
  title: 'Add contact to campaign',
  description:
    'Start a campaign (a sequence of messages) for a contact. Not sent again after an ambiguous failure, since ' +
    'a second enrolment could send the messages twice.',
  scopes: [WRITE],
  idempotent: false,
  input: z.object({ contactId, campaignId: id('Campaign id') }),
  output: succeeded,
  async run(ctx, { contactId, campaignId }) {
    return ctx.client.call('add-contact-to-campaign', {
      path: { contactId, campaignId },
      body: {},
      signal: ctx.signal,
    });
  },
});
