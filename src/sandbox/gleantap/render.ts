import { eventsOf } from './lists.ts';
import type { GleantapAccount, GleantapCustomer, GleantapEvent } from './model.ts';

/**
 * Contacts as the list reads answer them. The documented fields only, with absent text as
 * "" (the description types them all as strings); `fulldata: true` adds the other stored
 * attributes and the visits, purchases, memberships and sales notes the page mentions
 * (always empty here: the sandbox has no way to create them).
 */

export function customerMember(
  account: GleantapAccount,
  customer: GleantapCustomer,
  options: { fulldata?: boolean; events?: boolean; eventSince?: string } = {},
): Record<string, unknown> {
  // Custom attributes first, so one named like a documented field cannot hide it.
  const member: Record<string, unknown> = {
    ...(options.fulldata ? customer.custom : {}),
    id: customer.id,
    firstname: customer.first_name,
    lastname: customer.last_name,
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    last_location: customer.location ?? '',
    email_optout: customer.email_optout,
    sms_optout: customer.sms_optout,
    created_date: customer.created_date,
  };
  if (options.fulldata) {
    Object.assign(member, {
      user_id: customer.user_id ?? '',
      address: customer.address ?? '',
      city: customer.city ?? '',
      state: customer.state ?? '',
      zip: customer.zip ?? '',
      dob: customer.dob ?? '',
      gender: customer.gender ?? '',
      type: customer.type ?? '',
      status: customer.status ?? '',
      source: customer.source ?? '',
      tags: customer.tags.join(','),
      visits: [],
      purchases: [],
      memberships: [],
      sales_notes: [],
    });
  }
  if (options.events) member['events'] = eventsOf(account, customer.id, options.eventSince).map(renderEvent);
  return member;
}

export function optinMember(customer: GleantapCustomer): Record<string, unknown> {
  return {
    id: customer.id,
    firstname: customer.first_name,
    lastname: customer.last_name,
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    add_date: customer.optin_date ?? '',
  };
}

export function optoutMember(customer: GleantapCustomer): Record<string, unknown> {
  return {
    id: customer.id,
    firstname: customer.first_name,
    lastname: customer.last_name,
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    email_optout: customer.email_optout,
    sms_optout: customer.sms_optout,
    optout_date: customer.optout_date ?? '',
  };
}

function renderEvent(event: GleantapEvent): Record<string, unknown> {
  const { customer_id: _customer, created_at: _created, ...rest } = event;
  return rest;
}
