import { SeededRandom } from '../common/seeded-random.ts';
import { newId } from './ids.ts';
import type { Contact, Location } from './model.ts';

const FIRST = [
  'Ava',
  'Liam',
  'Mia',
  'Noah',
  'Zoe',
  'Ethan',
  'Ivy',
  'Lucas',
  'Nora',
  'Omar',
  'Priya',
  'Kenji',
  'Sofia',
  'Mateo',
  'Amara',
  'Jonas',
  'Lea',
  'Ravi',
  'Chloe',
  'Diego',
];
const LAST = [
  'Martin',
  'Nguyen',
  'Okafor',
  'Schmidt',
  'Rossi',
  'Kowalski',
  'Haddad',
  'Silva',
  'Tanaka',
  'Dubois',
  'Patel',
  'Jensen',
  'Moreau',
  'Garcia',
  'Novak',
  'Brown',
];
const COMPANIES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Labs',
  'Hooli',
  'Stark Supplies',
  'Wayne Foods',
  'Tyrell Design',
];
const CITIES: [string, string, string, string][] = [
  ['Austin', 'TX', 'US', '73301'],
  ['Denver', 'CO', 'US', '80202'],
  ['Toronto', 'ON', 'CA', 'M5H 2N2'],
  ['London', 'England', 'GB', 'EC1A 1BB'],
  ['Lyon', 'Auvergne-Rhône-Alpes', 'FR', '69001'],
  ['Sydney', 'NSW', 'AU', '2000'],
];
const TAGS = ['customer', 'lead', 'vip', 'newsletter', 'trial', 'churn-risk', 'webinar', 'partner'];
const SOURCES = ['public api', 'website form', 'import', 'facebook', 'referral'];
const TASKS = ['Call back', 'Send proposal', 'Follow up on demo', 'Check onboarding', 'Renewal reminder'];
const NOTES = [
  'Asked about pricing tiers.',
  'Prefers email over phone.',
  'Met at the spring webinar.',
  'Interested in the API.',
];

/**
 * Adds `count` realistic contacts to a location, with tags, custom fields, tasks, notes and
 * appointments, spread over the last 180 days. Seeding sends no webhooks.
 */
export function seedLocation(location: Location, count: number, seed = 42): void {
  // Deterministic, so `--seed N` makes the same data every time.
  const rng = new SeededRandom(seed);
  const random = () => rng.next();
  const pick = <T>(list: readonly T[]): T => rng.pick(list);
  const now = Date.now();
  const DAY = 86_400_000;
  const [colour, , lifetimeValue, seats, plan] = location.customFields;
  for (let i = 0; i < count; i++) {
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const [city, state, country, postalCode] = pick(CITIES);
    const dateAdded = now - Math.floor(random() * 180 * DAY);
    const dateUpdated = Math.min(now, dateAdded + Math.floor(random() * 30 * DAY));
    const tags = TAGS.filter(() => random() < 0.25);
    const contact: Contact = {
      id: newId(),
      locationId: location.id,
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${i + 1}@example.com`.toLowerCase(),
      phone: `+1555${String(1_000_000 + i).padStart(7, '0')}`,
      companyName: pick(COMPANIES),
      address1: `${1 + Math.floor(random() * 999)} Market Street`,
      city,
      state,
      country,
      postalCode,
      timezone: 'America/Chicago',
      source: pick(SOURCES),
      type: random() < 0.3 ? 'customer' : 'lead',
      dnd: random() < 0.05,
      tags,
      customFields: {},
      followers: [],
      campaigns: [],
      workflows: [],
      dateAdded,
      dateUpdated,
    };
    if (colour && random() < 0.5) contact.customFields[colour.id] = pick(['red', 'green', 'blue', 'teal']);
    if (lifetimeValue && random() < 0.4)
      contact.customFields[lifetimeValue.id] = Math.round(random() * 500000) / 100;
    if (seats && random() < 0.4) contact.customFields[seats.id] = 1 + Math.floor(random() * 50);
    if (plan && random() < 0.5) contact.customFields[plan.id] = pick(plan.picklistOptions ?? ['free']);
    location.contacts.set(contact.id, contact);
    addActivity(location, contact, random, pick);
  }
}

function addActivity(
  location: Location,
  contact: Contact,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
): void {
  const taskCount = Math.floor(random() * 3);
  if (taskCount > 0) location.tasks.set(contact.id, new Map());
  for (let t = 0; t < taskCount; t++) {
    const task = {
      id: newId(),
      contactId: contact.id,
      title: pick(TASKS),
      body: `For ${contact.firstName}`,
      dueDate: new Date(contact.dateAdded + (1 + t) * 7 * 86_400_000).toISOString(),
      completed: random() < 0.4,
      dateAdded: contact.dateAdded,
    };
    location.tasks.get(contact.id)!.set(task.id, task);
  }
  const noteCount = Math.floor(random() * 3);
  if (noteCount > 0) location.notes.set(contact.id, new Map());
  for (let n = 0; n < noteCount; n++) {
    const note = {
      id: newId(),
      contactId: contact.id,
      body: pick(NOTES),
      dateAdded: contact.dateAdded + n * 60_000,
    };
    location.notes.get(contact.id)!.set(note.id, note);
  }
  if (random() < 0.2) {
    const start = contact.dateAdded + Math.floor(random() * 60) * 86_400_000;
    const appointment = {
      id: newId(),
      locationId: location.id,
      contactId: contact.id,
      calendarId: 'sandboxCalendar00001',
      title: `Intro call with ${contact.firstName}`,
      status: 'booked',
      appointmentStatus: 'confirmed',
      users: [],
      assignedResources: [],
      source: 'sandbox',
      startTime: start,
      endTime: start + 30 * 60_000,
      dateAdded: contact.dateAdded,
      dateUpdated: contact.dateAdded,
    };
    location.appointments.set(appointment.id, appointment);
  }
}
