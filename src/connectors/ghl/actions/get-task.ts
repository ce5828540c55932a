import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { contactId, id, task } from '../schemas.ts';

export const getTask = defineGhlAction({
  key: 'get-task',
  title: 'Get task',
  description: 'Fetch one task of a contact by its id.',
  scopes: [READ],
  idempotent: true,
  input: z.object({ contactId, taskId: id('Task id') }),
  output: z.object({ task }),
  async run(ctx, { contactId, taskId }) {
    return ctx.client.call('get-task', { path: { contactId, taskId }, signal: ctx.signal });
  },
});
