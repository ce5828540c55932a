import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { notePayload, sampleNote } from './webhook-payloads.ts';

export const noteCreated = defineTrigger({
  kind: 'webhook',
  key: 'note-created',
  title: 'Note created',
  description: 'A note was added to a contact.',
  events: ['NoteCreate'],
  scopes: [READ],
  output: notePayload('NoteCreate'),
  sample: { type: 'NoteCreate' as const, ...sampleNote },
});
