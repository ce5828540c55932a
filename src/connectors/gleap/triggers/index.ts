import type { TriggerDefinition } from '../../../kernel/define.ts';
import { gleapChangeTrigger, listed } from './change-trigger.ts';
import { newTicketNoteTrigger } from './note-trigger.ts';
import { ticketCreatedWebhook, ticketUpdatedWebhook } from './ticket-webhooks.ts';

const POLL_NOTE =
  'Polled every minute with an overlap window, so a change is neither missed nor delivered twice, across restarts.';

export const newContactTrigger = gleapChangeTrigger({
  key: 'new-contact',
  title: 'New contact',
  description: `A contact was created in Gleap. Gleap sends no webhook for contacts, so this is polled. ${POLL_NOTE}`,
  resource: 'contact',
  change: 'created',
});

export const updatedContactTrigger = gleapChangeTrigger({
  key: 'updated-contact',
  title: 'Updated contact',
  description: `A Gleap contact changed after it was created. Gleap sends no webhook for contacts, so this is polled. ${POLL_NOTE}`,
  resource: 'contact',
  change: 'updated',
});

export const newTicketTrigger = gleapChangeTrigger({
  key: 'new-ticket',
  title: 'New ticket (polling)',
  description: `A ticket was created in Gleap; also catches one whose webhook never came. ${POLL_NOTE}`,
  resource: 'ticket',
  change: 'created',
});

export const updatedTicketTrigger = gleapChangeTrigger({
  key: 'updated-ticket',
  title: 'Updated ticket (polling)',
  description: `A Gleap ticket changed after it was created; also catches a change whose webhook never came (Gleap's retries are undocumented). ${POLL_NOTE}`,
  resource: 'ticket',
  change: 'updated',
});

/** Every Gleap trigger, one file each; the catalog is derived from this list. */
export const gleapTriggers: TriggerDefinition[] = [
  ticketCreatedWebhook,
  ticketUpdatedWebhook,
  ...[newContactTrigger, updatedContactTrigger, newTicketTrigger, updatedTicketTrigger].map(listed),
  newTicketNoteTrigger,
];

export { newTicketNoteTrigger };
