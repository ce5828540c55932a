import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { notePayload, sampleNote } from './webhook-payloads.ts';

export const noteDeleted = defineTrigger({
  kind: 'webhook',
  key: 'note-deleted',
  title: 'Note deleted',
  description: "A contact's note was deleted.",
  events: ['NoteDelete'],
  scopes: [READ],
  output: notePayload('NoteDelete'),
  sample: { type: 'NoteDelete' as const, ...sampleNote },
});
