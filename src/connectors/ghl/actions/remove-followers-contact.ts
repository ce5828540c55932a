import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id } from '../schemas.ts';

export const removeFollowersContact = defineGhlAction({
  key: 'remove-followers-contact',
  title: 'Remove followers',
  description: 'Stop users following a contact. Answers the followers left and those removed.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({ contactId, followers: z.array(id('User id')).min(1) }),
  output: z.object({ followers: z.array(z.string()), followersRemoved: z.array(z.string()) }),
  async run(ctx, { contactId, followers }) {
    return ctx.client.call('remove-followers-contact', {
      path: { contactId },
      body: { followers },
      signal: ctx.signal,
    });
  },
});
