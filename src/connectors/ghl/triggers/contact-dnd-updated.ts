import { defineTrigger } from '../../../kernel/define.ts';
import { READ } from '../operations.ts';
import { contactDndPayload, sampleContact } from './webhook-payloads.ts';

export const contactDndUpdated = defineTrigger({
  kind: 'webhook',
  key: 'contact-dnd-updated',
  title: 'Contact DND changed',
  description:
    "A contact's Do Not Disturb flag or per-channel settings changed; `dndSettings` holds each channel's status.",
  events: ['ContactDndUpdate'],
  scopes: [READ],
  output: contactDndPayload,
  sample: {
    type: 'ContactDndUpdate' as const,
    ...sampleContact,
    dnd: true,
    dndSettings: { SMS: { status: 'active' as const, message: 'Opted out by reply STOP', code: '21610' } },
  },
});
