import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { sampleTask, taskPayload } from './webhook-payloads.ts';

export const taskDeleted = defineTrigger({
  kind: 'webhook',
  key: 'task-deleted',
  title: 'Task deleted',
  description: "A contact's task was deleted.",
  events: ['TaskDelete'],
  scopes: [READ],
  output: taskPayload('TaskDelete'),
  sample: { type: 'TaskDelete' as const, ...sampleTask },
});
