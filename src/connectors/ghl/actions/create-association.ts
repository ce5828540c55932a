import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { ghlOperations, WRITE } from '../operations.ts';
import { id } from '../schemas.ts';

const tagUpdate = z.looseObject({
  contactId: z.string(),
  message: z.string().optional(),
  type: z.string().optional().describe('success or error'),
  oldTags: z.array(z.string()).optional(),
  tagsAdded: z.array(z.string()).optional(),
  tagsRemoved: z.array(z.string()).optional(),
});

/** The spec names this bulk tag update `create-association`; `{type}` is `add` or `remove`. */
export const createAssociation = defineGhlAction({
  key: 'create-association',
  title: 'Add or remove tags on many contacts',
  description:
    'Add tags to, or remove tags from, many contacts at once (or remove all their tags). The answer lists what ' +
    'happened to each contact; a contact that could not be changed is counted in errorCount.',
  scopes: [WRITE],
  idempotent: true,
  input: z
    .object({
      action: z.enum(['add', 'remove']),
      contactIds: z.array(id('Contact id')).min(1),
      tags: z.array(z.string().trim().min(1)).default([]),
      removeAllTags: z.boolean().optional().describe('Remove every tag (only with action remove)'),
    })
    .refine((input) => !input.removeAllTags || input.action === 'remove', {
      message: 'removeAllTags goes with action remove',
      path: ['removeAllTags'],
    })
    .refine((input) => input.tags.length > 0 || input.removeAllTags, {
      message: 'give at least one tag',
      path: ['tags'],
    }),
  output: z.object({ succeded: z.boolean(), errorCount: z.number(), responses: z.array(tagUpdate) }),
  async run(ctx, input) {
    const path = ghlOperations['create-association'].path.replace('{type}', input.action);
    // Adding or removing a tag twice changes nothing more: safe to send again.
    const response = await ctx.client.request({
      method: 'POST',
      path,
      body: {
        locationId: ctx.client.locationId,
        contacts: input.contactIds,
        tags: input.tags,
        ...(input.removeAllTags ? { removeAllTags: true } : {}),
      },
      idempotent: true,
      signal: ctx.signal,
    });
    return response.data;
  },
});
