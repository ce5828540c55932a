import { findContact } from './customers.ts';
import { type GleantapAccount, GleantapError, type GleantapEvent } from './model.ts';
import type { GleantapStore } from './store.ts';

/**
 * newEvent: an event on a contact's timeline. The contact is `_id` when given, else
 * `user_id`, else email, else phone; an unknown contact is refused (events create no
 * contact). The caller's `id` identifies the event: sending it again replaces it. An
 * event is not a change of the contact, so it does not move `updated_since`.
 */
export function recordEvent(store: GleantapStore, account: GleantapAccount, body: Record<string, unknown>) {
  const customer = findContact(
    account,
    {
      ...(typeof body['_id'] === 'string' && { _id: body['_id'] }),
      ...(typeof body['user_id'] === 'string' && { user_id: body['user_id'] }),
      ...(typeof body['email'] === 'string' && { email: body['email'] }),
      ...(typeof body['phone'] === 'string' && { phone: body['phone'] }),
    },
    false,
  );
  if (!customer)
    throw new GleantapError(400, 'Invalid request: no contact matches _id, user_id, email or phone.');
  const id = String(body['id']);
  const event: GleantapEvent = {
    id,
    customer_id: customer.id,
    event_type: String(body['event_type']),
    event_date: String(body['event_date']),
    created_at: account.events.get(id)?.created_at ?? store.now(),
    ...(typeof body['event_name'] === 'string' && { event_name: body['event_name'] }),
    ...(typeof body['event_time'] === 'string' && { event_time: body['event_time'] }),
    ...(typeof body['is_visit'] === 'boolean' && { is_visit: body['is_visit'] }),
    ...(typeof body['is_purchase'] === 'boolean' && { is_purchase: body['is_purchase'] }),
    ...(body['event_data'] !== undefined && { event_data: body['event_data'] }),
  };
  account.events.set(id, event);
  return event;
}
