import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, task } from '../schemas.ts';

export const createTask = defineGhlAction({
  key: 'create-task',
  title: 'Create task',
  description:
    'Create a to-do on a contact, with a due date. GHL has no idempotency key for tasks, so a create whose answer ' +
    'is lost is not sent again blindly.',
  scopes: [WRITE],
  idempotent: false,
  input: z.object({
    contactId,
    title: z.string().min(1),
    body: z.string().optional().describe('Details'),
    dueDate: z.iso.datetime({ offset: true }).describe('ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z'),
    completed: z.boolean().default(false),
    assignedTo: z.string().optional().describe('User id'),
  }),
  output: z.object({ task }),
  async run(ctx, { contactId, ...body }) {
    return ctx.client.call('create-task', { path: { contactId }, body, signal: ctx.signal });
  },
});
