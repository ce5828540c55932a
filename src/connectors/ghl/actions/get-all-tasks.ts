import { z } from 'zod';
import { defineGhlAction } from '../define-ghl-action.ts';
import { READ } from '../operations.ts';
import { contactId, task } from '../schemas.ts';

export const getAllTasks = defineGhlAction({
  key: 'get-all-tasks',
  title: 'List tasks of a contact',
  description: 'Every task (to-do) of a contact, done or not.',
  scopes: [READ],
  idempotent: true,
  input: z.object({ contactId }),
  output: z.object({ tasks: z.array(task) }),
  async run(ctx, { contactId }) {
    return ctx.client.call('get-all-tasks', { path: { contactId }, signal: ctx.signal });
  },
});
