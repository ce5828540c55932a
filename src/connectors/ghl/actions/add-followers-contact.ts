import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id } from '../schemas.ts';

export const addFollowersContact = defineGhlAction({
  key: 'add-followers-contact',
  title: 'Add followers',
  description:
    'Let users follow a contact (they are told of its activity). Answers every follower and those added.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({ contactId, followers: z.array(id('User id')).min(1) }),
  output: z.object({ followers: z.array(z.string()), followersAdded: z.array(z.string()) }),
  async run(ctx, { contactId, followers }) {
    // Following twice is following once: safe to send again.
    return ctx.client.call('add-followers-contact', {
      path: { contactId },
      body: { followers },
      idempotent: true,
      signal: ctx.signal,
    });
  },
});
