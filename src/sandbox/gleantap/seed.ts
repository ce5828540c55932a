import {
  exampleEmail,
  FIRST_NAMES,
  fictionalPhone,
  LAST_NAMES,
  SeededRandom,
} from '../common/seeded-random.ts';
import { upsertContact } from './customers.ts';
import { recordEvent } from './events.ts';
import type { GleantapAccount } from './model.ts';
import type { GleantapStore } from './store.ts';

export interface GleantapSeedOptions {
  /** Customers to create (default 40). */
  customers?: number;
  /** Events (visits, purchases, bookings) spread over them (default 60). */
  events?: number;
  randomSeed?: number;
}

const LOCATIONS = ['Downtown Studio', 'Riverside Gym'];
const TYPES = ['member', 'member', 'prospect', 'past'];
const SOURCES = ['website', 'walk-in', 'referral', 'instagram'];
const TAGS = ['yoga', 'hiit', 'personal-training', 'trial', 'vip'];
const EVENTS = [
  { event_type: 'visit', event_name: 'Class check-in', is_visit: true },
  { event_type: 'purchase', event_name: '10-class pack', is_purchase: true },
  { event_type: 'booking', event_name: 'Personal training session' },
  { event_type: 'membership', event_name: 'Monthly membership renewed', is_purchase: true },
];
const DAY = 86_400_000;

/** Gym members and prospects at two locations, with opt-ins, opt-outs and a history of visits and purchases. */
export function seedGleantapAccount(
  store: GleantapStore,
  account: GleantapAccount,
  options: GleantapSeedOptions = {},
) {
  const random = new SeededRandom(options.randomSeed);
  const now = store.clock().getTime();
  const ids: string[] = [];
  const count = options.customers ?? 40;
  for (let n = 1; n <= count; n++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const created = new Date(now - (count - n + 1) * ((60 * DAY) / (count + 1))).toISOString();
    const { customer } = upsertContact(store, account, {
      first_name: first,
      last_name: last,
      email: exampleEmail(first, last, n),
      phone: fictionalPhone(random),
      user_id: `member-${2000 + n}`,
      type: random.pick(TYPES),
      status: random.pick(['active', 'active', 'inactive']),
      location: random.pick(LOCATIONS),
      source: random.pick(SOURCES),
      gender: random.pick(['female', 'male', 'other']),
      tags: random.chance(0.6) ? random.pick(TAGS) : '',
      ...(random.chance(0.5) && { favorite_class: random.pick(['Spin', 'Vinyasa', 'Boxing']) }),
      optin_sms: random.chance(0.5),
      optout_email: random.chance(0.1),
    });
    customer.created_date = created;
    // Some contacts changed since they were created, at various times, so `updated_since` has something to tell apart.
    customer.updated_at = random.chance(0.4)
      ? new Date(Date.parse(created) + (random.int(1, 20) * DAY) / 2).toISOString()
      : created;
    if (customer.updated_at > new Date(now).toISOString())
      customer.updated_at = new Date(now - 60_000).toISOString();
    if (customer.sms_optin === 'confirmed') customer.optin_date = customer.updated_at.slice(0, 10);
    if (customer.email_optout === 1) customer.optout_date = customer.updated_at;
    if (random.chance(0.05)) {
      customer.sms_optout = 1;
      customer.sms_optin = 'none';
      customer.optout_date = customer.updated_at;
    }
    ids.push(customer.id);
  }
  for (let n = 1; n <= (options.events ?? 60) && ids.length > 0; n++) {
    const template = random.pick(EVENTS);
    const day = new Date(now - random.int(0, 59) * DAY).toISOString().slice(0, 10);
    recordEvent(store, account, {
      _id: random.pick(ids),
      id: `evt-${10_000 + n}`,
      ...template,
      event_date: day,
      event_time: `${random.int(6, 11)}:${random.pick(['00', '15', '30', '45'])} ${random.pick(['AM', 'PM'])}`,
      event_data: { staff: random.pick(['John Doe', 'Ana Ruiz', 'Kofi Mensah']), status: 'completed' },
    });
  }
}
