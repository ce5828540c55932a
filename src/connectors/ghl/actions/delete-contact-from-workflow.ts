import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id, succeeded } from '../schemas.ts';

export const deleteContactFromWorkflow = defineGhlAction({
  key: 'delete-contact-from-workflow',
  title: 'Remove contact from workflow',
  description: 'Stop a GHL workflow (automation) for a contact.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({
    contactId,
    workflowId: id('Workflow id'),
    eventStartTime: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('As given when the contact was added'),
  }),
  output: succeeded,
  async run(ctx, { contactId, workflowId, eventStartTime }) {
    return ctx.client.call('delete-contact-from-workflow', {
      path: { contactId, workflowId },
      body: eventStartTime ? { eventStartTime } : {},
      signal: ctx.signal,
    });
  },
});
