import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId } from '../schemas.ts';

export const addTags = defineGhlAction({
  key: 'add-tags',
  title: 'Add tags',
  description: 'Add tags to a contact, keeping the ones it has. Answers all of its tags.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({ contactId, tags: z.array(z.string().trim().min(1)).min(1) }),
  output: z.object({ tags: z.array(z.string()) }),
  async run(ctx, { contactId, tags }) {
    // Adding a tag twice leaves one tag: safe to send again.
    return ctx.client.call('add-tags', {
      path: { contactId },
      body: { tags },
      idempotent: true,
      signal: ctx.signal,
    });
  },
});
