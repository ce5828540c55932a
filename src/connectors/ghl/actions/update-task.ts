import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id, task } from '../schemas.ts';

export const updateTask = defineGhlAction({
  key: 'update-task',
  title: 'Update task',
  description:
    'Change the title, details, due date, assignee or done state of a task; fields left out keep their values.',
  scopes: [WRITE],
  idempotent: true,
  input: z
    .object({
      contactId,
      taskId: id('Task id'),
      title: z.string().min(1).optional(),
      body: z.string().optional().describe('Details'),
      dueDate: z.iso
        .datetime({ offset: true })
        .optional()
        .describe('ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z'),
      completed: z.boolean().optional(),
      assignedTo: z.string().optional().describe('User id'),
    })
    .refine(
      ({ contactId: _c, taskId: _t, ...fields }) => Object.values(fields).some((v) => v !== undefined),
      {
        message: 'give at least one field to change',
      },
    ),
  output: z.object({ task }),
  async run(ctx, { contactId, taskId, ...body }) {
    return ctx.client.call('update-task', { path: { contactId, taskId }, body, signal: ctx.signal });
  },
});
