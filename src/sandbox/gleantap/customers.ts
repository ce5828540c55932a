import { type GleantapAccount, type GleantapCustomer, GleantapError } from './model.ts';
import type { GleantapStore } from './store.ts';

/** Gleantap contacts: create-or-update, remove, merge, opt-in and opt-out. */

const CONTACT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'city',
  'state',
  'zip',
  'source',
  'user_id',
  'dob',
  'gender',
  'type',
  'status',
  'location',
] as const;
/** Body keys of newContact that are instructions, not attributes. */
const CONTROL_FIELDS = new Set(['app_id', 'created_date', 'optin_sms', 'optout_email', 'tags', 'tag_action']);

export interface Identity {
  _id?: string;
  user_id?: string;
  email?: string;
  phone?: string;
  first_name?: string;
}

/**
 * newContact: updates the contact with the same `user_id`, or the same email and first name,
 * or the same phone and first name; otherwise creates one. Every match counts as a change.
 */
export function upsertContact(
  store: GleantapStore,
  account: GleantapAccount,
  body: Record<string, unknown>,
  options: { alwaysCreate?: boolean } = {},
): { customer: GleantapCustomer; created: boolean } {
  const existing = options.alwaysCreate ? undefined : findContact(account, body as Identity, true);
  const at = store.now();
  const customer: GleantapCustomer = existing
    ? { ...existing, tags: [...existing.tags], custom: { ...existing.custom } }
    : {
        id: store.newId(),
        first_name: '',
        last_name: '',
        tags: [],
        custom: {},
        created_date: at,
        updated_at: at,
        email_optout: 0,
        sms_optout: 0,
        sms_optin: 'none',
      };
  for (const field of CONTACT_FIELDS) {
    if (typeof body[field] === 'string') customer[field] = body[field] as string;
  }
  for (const [key, value] of Object.entries(body)) {
    if (!CONTROL_FIELDS.has(key) && !(CONTACT_FIELDS as readonly string[]).includes(key))
      customer.custom[key] = value;
  }
  if (typeof body['created_date'] === 'string') customer.created_date = toIso(body['created_date']);
  if (typeof body['tags'] === 'string') applyTags(customer, body['tags'], body['tag_action']);
  if (body['optout_email'] === true) optOutOf(customer, 'email', at);
  if (body['optout_email'] === false) customer.email_optout = 0;
  if (body['optin_sms'] === true) confirmOptIn(customer, at);
  if (body['optin_sms'] === false && customer.sms_optin !== 'none') customer.sms_optin = 'none';
  customer.updated_at = at;
  account.customers.set(customer.id, customer);
  return { customer, created: !existing };
}

export function removeContact(account: GleantapAccount, id: string): void {
  contactById(account, id);
  account.customers.delete(id);
  for (const [eventId, event] of account.events) if (event.customer_id === id) account.events.delete(eventId);
}

/** As documented: `from_contact` remains, `to_contact` is merged into it and deleted. */
export function mergeContacts(store: GleantapStore, account: GleantapAccount, fromId: string, toId: string) {
  if (fromId === toId) throw new GleantapError(400, 'from_contact and to_contact are the same contact.');
  const kept = contactById(account, fromId);
  const merged = contactById(account, toId);
  const result: GleantapCustomer = { ...kept, tags: [...new Set([...kept.tags, ...merged.tags])] };
  for (const field of CONTACT_FIELDS) if (!result[field] && merged[field]) result[field] = merged[field];
  result.custom = { ...merged.custom, ...kept.custom };
  // Consent is kept on the safe side: an opt-out on either contact survives the merge.
  result.email_optout = (kept.email_optout || merged.email_optout) as 0 | 1;
  result.sms_optout = (kept.sms_optout || merged.sms_optout) as 0 | 1;
  if (result.sms_optin !== 'confirmed' && merged.sms_optin !== 'none') {
    result.sms_optin = merged.sms_optin;
    if (merged.optin_date) result.optin_date = merged.optin_date;
  }
  if (merged.created_date < result.created_date) result.created_date = merged.created_date;
  result.updated_at = store.now();
  account.customers.set(result.id, result);
  account.customers.delete(merged.id);
  for (const event of account.events.values())
    if (event.customer_id === merged.id) event.customer_id = result.id;
  return result;
}

/** SMS double opt-in: the contact (found or created) gets a confirmation SMS and is pending until it replies. */
export function requestSmsOptIn(
  store: GleantapStore,
  account: GleantapAccount,
  body: Identity & { dob?: string },
) {
  const at = store.clock();
  if (body.dob && ageOn(body.dob, at) < 18) {
    throw new GleantapError(400, 'Invalid request or age restriction: the contact must be 18 or older.');
  }
  const customer =
    findContact(account, body, false) ??
    upsertContact(store, account, {
      first_name: '',
      last_name: '',
      user_id: body.user_id,
      email: body.email,
      phone: body.phone,
    }).customer;
  if (body.dob) customer.dob = body.dob;
  if (body.phone && !customer.phone) customer.phone = body.phone;
  if (customer.sms_optin !== 'confirmed') customer.sms_optin = 'pending';
  customer.updated_at = at.toISOString();
  return customer;
}

/** The contact replied YES to the opt-in SMS (done from the admin API: it happens on the contact's phone). */
export function confirmSmsOptIn(
  store: GleantapStore,
  account: GleantapAccount,
  id: string,
): GleantapCustomer {
  const customer = contactById(account, id);
  confirmOptIn(customer, store.now());
  customer.updated_at = store.now();
  return customer;
}

/** The contact unsubscribed (STOP by SMS, or the email footer link). */
export function optOut(store: GleantapStore, account: GleantapAccount, id: string, channel: 'sms' | 'email') {
  const customer = contactById(account, id);
  optOutOf(customer, channel, store.now());
  customer.updated_at = store.now();
  return customer;
}

export function contactById(account: GleantapAccount, id: string): GleantapCustomer {
  const customer = account.customers.get(id);
  if (!customer) throw new GleantapError(400, `Invalid request: contact ${id} not found.`);
  return customer;
}

/** The contact an identity points at: `_id`, then `user_id`, then email (and first name), then phone (and first name). */
export function findContact(account: GleantapAccount, who: Identity, needFirstName: boolean) {
  if (who._id) return account.customers.get(who._id);
  const all = [...account.customers.values()];
  const sameFirst = (c: GleantapCustomer) =>
    !needFirstName || (c.first_name ?? '').toLowerCase() === String(who.first_name ?? '').toLowerCase();
  return (
    (who.user_id ? all.find((c) => c.user_id === who.user_id) : undefined) ??
    (who.email ? all.find((c) => sameEmail(c.email, who.email) && sameFirst(c)) : undefined) ??
    (who.phone ? all.find((c) => samePhone(c.phone, who.phone) && sameFirst(c)) : undefined)
  );
}

export function sameEmail(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Phones match on their last ten digits, so `+1 (555) 010-0000` and `5550100000` are one number. */
export function samePhone(a: string | undefined, b: string | undefined): boolean {
  const digits = (value: string | undefined) => (value ?? '').replace(/\D/g, '').slice(-10);
  return digits(a).length >= 7 && digits(a) === digits(b);
}

function applyTags(customer: GleantapCustomer, tags: string, action: unknown): void {
  const given = tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  if (action === 'remove') customer.tags = customer.tags.filter((tag) => !given.includes(tag));
  else customer.tags = [...new Set([...customer.tags, ...given])];
}

function confirmOptIn(customer: GleantapCustomer, at: string): void {
  if (customer.sms_optin !== 'confirmed') customer.optin_date = at.slice(0, 10);
  customer.sms_optin = 'confirmed';
  customer.sms_optout = 0;
}

function optOutOf(customer: GleantapCustomer, channel: 'sms' | 'email', at: string): void {
  if (channel === 'email') customer.email_optout = 1;
  else {
    customer.sms_optout = 1;
    customer.sms_optin = 'none';
  }
  customer.optout_date = at;
}

/** "YYYY-MM-DD HH:MM:SS" (read as UTC) or an ISO date-time, as an ISO string. */
function toIso(value: string): string {
  const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  return new Date(text).toISOString();
}

function ageOn(dob: string, at: Date): number {
  const birth = new Date(`${dob}T00:00:00Z`);
  let age = at.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    at.getUTCMonth() < birth.getUTCMonth() ||
    (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}
