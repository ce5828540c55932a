import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id, succeeded } from '../schemas.ts';

export const addContactToWorkflow = defineGhlAction({
  key: 'add-contact-to-workflow',
  title: 'Add contact to workflow',
  description:
    'Start a GHL workflow (automation) for a contact, now or at a given time. Not sent again after an ambiguous ' +
    'failure, since a workflow that allows re-entry would run twice.',
  scopes: [WRITE],
  idempotent: false,
  input: z.object({
    contactId,
    workflowId: id('Workflow id'),
    eventStartTime: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When it starts, e.g. 2026-12-01T09:00:00+01:00'),
  }),
  output: succeeded,
  async run(ctx, { contactId, workflowId, eventStartTime }) {
    return ctx.client.call('add-contact-to-workflow', {
      path: { contactId, workflowId },
      body: eventStartTime ? { eventStartTime } : {},
      signal: ctx.signal,
    });
  },
});
