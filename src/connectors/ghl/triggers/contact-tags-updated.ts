import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { contactPayload, sampleContact } from './webhook-payloads.ts';

export const contactTagsUpdated = defineTrigger({
  kind: 'webhook',
  key: 'contact-tags-updated',
  title: 'Contact tags changed',
  description: 'Tags were added to or removed from a contact; `tags` holds the full list after the change.',
  events: ['ContactTagUpdate'],
  scopes: [READ],
  output: contactPayload('ContactTagUpdate'),
  sample: { type: 'ContactTagUpdate' as const, ...sampleContact, tags: ['vip', 'consequat'] },
});
