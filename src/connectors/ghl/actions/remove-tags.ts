import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId } from '../schemas.ts';

export const removeTags = defineGhlAction({
  key: 'remove-tags',
  title: 'Remove tags',
  description: 'Remove tags from a contact; tags it does not have are ignored. Answers the tags left.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({ contactId, tags: z.array(z.string().trim().min(1)).min(1) }),
  output: z.object({ tags: z.array(z.string()) }),
  async run(ctx, { contactId, tags }) {
    return ctx.client.call('remove-tags', { path: { contactId }, body: { tags }, signal: ctx.signal });
  },
});
