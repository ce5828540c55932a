import { z } from 'zod';
import { gleapPath } from '../client.ts';
import { defineGleapAction } from '../define-gleap-action.ts';
import { unlessNotFound } from '../not-found.ts';

export const deleteContact = defineGleapAction({
  key: 'delete-contact',
  title: 'Delete contact',
  description:
    'Delete a Gleap contact by its id. Its tickets are kept. A contact that is already gone is not an error (`found: false`), so a retried delete succeeds.',
  idempotent: true,
  input: z.object({ contactId: z.string().min(1).describe('Gleap contact id (_id)') }),
  output: z.object({ deleted: z.literal(true), contactId: z.string(), found: z.boolean() }),
  async run(ctx, { contactId }) {
    const answer = await unlessNotFound(() =>
      ctx.client.call('DELETE', gleapPath`/sessions/${contactId}`, { signal: ctx.signal }).then(() => true),
    );
    return { deleted: true, contactId, found: answer === true };
  },
});
