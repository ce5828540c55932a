import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { sampleTask, taskPayload } from './webhook-payloads.ts';

export const taskCompleted = defineTrigger({
  kind: 'webhook',
  key: 'task-completed',
  title: 'Task completed',
  description: 'A task was marked completed (GHL sends no event for other task edits).',
  events: ['TaskComplete'],
  scopes: [READ],
  output: taskPayload('TaskComplete'),
  sample: { type: 'TaskComplete' as const, ...sampleTask },
});
