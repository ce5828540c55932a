import type { TriggerDefinition } from '../../../kernel/define.ts';
import { newCustomerEventTrigger } from './customer-event-trigger.ts';
import { gleantapCustomerTrigger } from './customer-trigger.ts';
import { removedCustomerTrigger } from './removed-customer-trigger.ts';

const NO_WEBHOOKS =
  "Gleantap's public API has no webhooks, so ghl-bridge polls it every minute. Its updated_since filter takes a date, not a time: each poll re-reads the day's changes and compares each record with a hash of its last version, so a change is delivered once, and none is missed across midnight or a restart.";

export const newCustomerTrigger = gleantapCustomerTrigger({
  key: 'new-customer',
  title: 'New customer',
  description: `A contact was added in Gleantap (front desk, a form, an import with today's date). ${NO_WEBHOOKS}`,
  change: 'created',
});

export const updatedCustomerTrigger = gleantapCustomerTrigger({
  key: 'updated-customer',
  title: 'Updated customer',
  description: `A Gleantap contact's details, tags or opt-ins changed (events and visits do not count). A contact added since the last poll fires too: Gleantap gives no change time, so a contact created and edited between two polls cannot be told from a new one, and its edit must not be lost. ${NO_WEBHOOKS}`,
  change: 'updated',
});

export { newCustomerEventTrigger, removedCustomerTrigger };

/** Every Gleantap trigger; the catalog is derived from this list. All poll: Gleantap sends no webhooks. */
export const gleantapTriggers: TriggerDefinition[] = [
  newCustomerTrigger,
  updatedCustomerTrigger,
  newCustomerEventTrigger,
  removedCustomerTrigger,
].map((trigger) => trigger);
