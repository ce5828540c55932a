import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { sampleTask, taskPayload } from './webhook-payloads.ts';

export const taskCreated = defineTrigger({
  kind: 'webhook',
  key: 'task-created',
  title: 'Task created',
  description: 'A task was added to a contact.',
  events: ['TaskCreate'],
  scopes: [READ],
  output: taskPayload('TaskCreate'),
  sample: { type: 'TaskCreate' as const, ...sampleTask },
});
