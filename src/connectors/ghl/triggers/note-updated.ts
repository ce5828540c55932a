import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { notePayload, sampleNote } from './webhook-payloads.ts';

export const noteUpdated = defineTrigger({
  kind: 'webhook',
  key: 'note-updated',
  title: 'Note updated',
  description: "A contact's note was edited; `body` is the new text.",
  events: ['NoteUpdate'],
  scopes: [READ],
  output: notePayload('NoteUpdate'),
  sample: { type: 'NoteUpdate' as const, ...sampleNote },
});
