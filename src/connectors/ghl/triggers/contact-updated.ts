import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { contactPayload, sampleContact } from './webhook-payloads.ts';

export const contactUpdated = defineTrigger({
  kind: 'webhook',
  key: 'contact-updated',
  title: 'Contact updated',
  description: 'Fields of a contact changed (GHL sends tag and DND changes as their own events).',
  events: ['ContactUpdate'],
  scopes: [READ],
  output: contactPayload('ContactUpdate'),
  sample: { type: 'ContactUpdate' as const, ...sampleContact },
});
