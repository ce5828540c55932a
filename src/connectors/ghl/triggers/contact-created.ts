import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { contactPayload, sampleContact } from './webhook-payloads.ts';

export const contactCreated = defineTrigger({
  kind: 'webhook',
  key: 'contact-created',
  title: 'Contact created',
  description: 'A contact was added to the location (by hand, a form, an import or the API).',
  events: ['ContactCreate'],
  scopes: [READ],
  output: contactPayload('ContactCreate'),
  sample: { type: 'ContactCreate' as const, ...sampleContact },
});
