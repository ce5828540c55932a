import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { WRITE } from '../operations.ts';
import { contactId, id, succeeded } from '../schemas.ts';

export const deleteTask = defineGhlAction({
  key: 'delete-task',
  title: 'Delete task',
  description: 'Delete a task of a contact.',
  scopes: [WRITE],
  idempotent: true,
  input: z.object({ contactId, taskId: id('Task id') }),
  output: succeeded,
  async run(ctx, { contactId, taskId }) {
    return ctx.client.call('delete-task', { path: { contactId, taskId }, signal: ctx.signal });
  },
});
