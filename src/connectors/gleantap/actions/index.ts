import { createEvent } from './create-event.ts';
import { getCustomers } from './get-customers.ts';
import { getOptedInCustomers } from './get-opted-in-customers.ts';
import { getOptedOutCustomers } from './get-opted-out-customers.ts';
import { mergeContacts } from './merge-contacts.ts';
import { removeContact } from './remove-contact.ts';
import { sendSms } from './send-sms.ts';
import { smsOptIn } from './sms-opt-in.ts';
import { upsertContact } from './upsert-contact.ts';

/** Every Gleantap action, one file each; the catalog is derived from this list. */
export const gleantapActions = [
  getCustomers,
  upsertContact,
  removeContact,
  mergeContacts,
  smsOptIn,
  createEvent,
  sendSms,
  getOptedInCustomers,
  getOptedOutCustomers,
];
