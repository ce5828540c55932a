import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id, task } from '../schemas.ts';

export const updateTaskCompleted = defineGhlAction({
  key: 'update-task-completed',
  title: 'Mark task done or not done',
  description: 'Mark a task as done (completed: true) or reopen it (completed: false).',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({ contactId, taskId: id('Task id'), completed: z.boolean().default(true) }),
  output: z.object({ task }),
  async run(ctx, { contactId, taskId, completed }) {
    return ctx.client.call('update-task-completed', {
      path: { contactId, taskId },
      body: { completed },
      signal: ctx.signal,
    });
  },
});
