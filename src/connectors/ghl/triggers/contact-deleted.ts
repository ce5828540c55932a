import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { contactPayload, sampleContact } from './webhook-payloads.ts';

export const contactDeleted = defineTrigger({
  kind: 'webhook',
  key: 'contact-deleted',
  title: 'Contact deleted',
  description:
    'A contact was deleted; the payload is the contact as it was. Only a webhook reports this (no API lists deleted contacts).',
  events: ['ContactDelete'],
  scopes: [READ],
  output: contactPayload('ContactDelete'),
  sample: { type: 'ContactDelete' as const, ...sampleContact },
});
