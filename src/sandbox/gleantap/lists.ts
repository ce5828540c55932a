import { sameEmail, samePhone } from './customers.ts';
import type { GleantapAccount, GleantapCustomer } from './model.ts';

/**
 * The three list reads. Lists are in creation order and paged with `limit` (at most 1000)
 * and `offset`. `updated_since` and `event_since_date` are dates: a contact matches when
 * the UTC day of its last change (or of one of its events) is that day or later.
 */

/** Page size when no `limit` is given (undocumented). */
export const DEFAULT_LIMIT = 100;

export interface CustomerQuery {
  _id?: string;
  user_id?: string;
  email?: string;
  phone?: string;
  updated_since?: string;
  event_since_date?: string;
  limit?: number;
  offset?: number;
}

export function getCustomers(account: GleantapAccount, query: CustomerQuery): GleantapCustomer[] {
  const withEventsSince = query.event_since_date
    ? customersWithEventsSince(account, query.event_since_date)
    : undefined;
  const matching = [...account.customers.values()].filter(
    (customer) =>
      (!query._id || customer.id === query._id) &&
      (!query.user_id || customer.user_id === query.user_id) &&
      (!query.email || sameEmail(customer.email, query.email)) &&
      (!query.phone || samePhone(customer.phone, query.phone)) &&
      (!query.updated_since || customer.updated_at.slice(0, 10) >= query.updated_since) &&
      (!withEventsSince || withEventsSince.has(customer.id)),
  );
  return pageOf(matching, query);
}

/** Contacts whose SMS opt-in is confirmed, in the order they confirmed it. */
export function optedInCustomers(account: GleantapAccount, query: { limit?: number; offset?: number }) {
  const matching = [...account.customers.values()]
    .filter((customer) => customer.sms_optin === 'confirmed')
    .sort((a, b) => (a.optin_date ?? '').localeCompare(b.optin_date ?? ''));
  return pageOf(matching, query);
}

/** Contacts opted out of email or SMS (`type` narrows to one), in the order they opted out. */
export function optedOutCustomers(
  account: GleantapAccount,
  query: { limit?: number; offset?: number; type?: string },
) {
  const matching = [...account.customers.values()]
    .filter((customer) =>
      query.type === 'email'
        ? customer.email_optout === 1
        : query.type === 'sms'
          ? customer.sms_optout === 1
          : customer.email_optout === 1 || customer.sms_optout === 1,
    )
    .sort((a, b) => (a.optout_date ?? '').localeCompare(b.optout_date ?? ''));
  return pageOf(matching, query);
}

export function eventsOf(account: GleantapAccount, customerId: string, since?: string) {
  return [...account.events.values()].filter(
    (event) => event.customer_id === customerId && (!since || event.event_date >= since),
  );
}

function customersWithEventsSince(account: GleantapAccount, since: string): Set<string> {
  const ids = new Set<string>();
  for (const event of account.events.values()) if (event.event_date >= since) ids.add(event.customer_id);
  return ids;
}

function pageOf<T>(items: T[], query: { limit?: number; offset?: number }): T[] {
  const limit = query.limit !== undefined && query.limit > 0 ? query.limit : DEFAULT_LIMIT;
  const offset = Math.max(0, query.offset ?? 0);
  return items.slice(offset, offset + limit);
}
