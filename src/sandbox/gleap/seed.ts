import {
  exampleEmail,
  FIRST_NAMES,
  fictionalPhone,
  LAST_NAMES,
  SeededRandom,
} from '../common/seeded-random.ts';
import { createMessage } from './messages.ts';
import type { GleapDoc, GleapProject } from './model.ts';
import { createSession } from './sessions.ts';
import type { GleapStore } from './store.ts';
import { createTicket } from './tickets.ts';

export interface GleapSeedOptions {
  /** Contacts (sessions) to create (default 25). */
  contacts?: number;
  /** Tickets to create, each with one to four messages (default 12). */
  tickets?: number;
  /** Seed of the random source, so the data is the same on every run. */
  randomSeed?: number;
}

const COMPANIES = ['Northwind Fitness', 'Blue Harbor Dental', 'Acme Studios', 'Peak Physio', 'Lumen Realty'];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const TICKETS = [
  {
    type: 'INQUIRY',
    title: 'Cannot log in after password reset',
    text: 'I reset my password but the login page keeps saying it is wrong.',
  },
  {
    type: 'INQUIRY',
    title: 'Question about invoices',
    text: 'Where can I download the invoices for last quarter?',
  },
  {
    type: 'BUG',
    title: 'Export button does nothing',
    text: 'Clicking Export on the contacts page does nothing in Safari.',
  },
  {
    type: 'BUG',
    title: 'Calendar shows the wrong time zone',
    text: 'Appointments appear one hour early since the clocks changed.',
  },
  {
    type: 'FEATURE_REQUEST',
    title: 'Dark mode for the dashboard',
    text: 'Our front desk works late; a dark theme would help a lot.',
  },
  {
    type: 'FEATURE_REQUEST',
    title: 'Bulk edit tags',
    text: 'It would save time to change tags on many contacts at once.',
  },
  {
    type: 'INQUIRY',
    title: 'Change of billing email',
    text: 'Please send future receipts to our accounting address.',
  },
];
const REPLIES = [
  'Thanks for reaching out, we are looking into it.',
  'Could you send a screenshot?',
  'This is fixed now, please try again.',
];
const NOTES = [
  'Customer is on the pro plan, prioritise.',
  'Linked to the release next week.',
  'Asked engineering for an estimate.',
];
const STATUSES = ['OPEN', 'OPEN', 'INPROGRESS', 'DONE'];
const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
const DAY = 86_400_000;

/** Realistic contacts, team members and tickets with a conversation each, dated over the last 30 days. */
export function seedGleapProject(
  store: GleapStore,
  project: GleapProject,
  options: GleapSeedOptions = {},
): void {
  const random = new SeededRandom(options.randomSeed);
  const contactCount = options.contacts ?? 25;
  const ticketCount = options.tickets ?? 12;
  // Records are dated in creation order across the last 30 days, ending before now.
  const steps = 3 + contactCount + ticketCount * 4;
  const average = (30 * DAY) / (steps + 1);
  const end = store.clock().getTime() - 60_000;
  let cursor = end - 30 * DAY;
  const stamp = (doc: GleapDoc) => {
    cursor = Math.min(end, cursor + Math.round(average * (0.5 + random.next())));
    const at = new Date(cursor).toISOString();
    doc.createdAt = at;
    doc.updatedAt = at;
    if ('firstActivity' in doc) {
      doc['firstActivity'] = at;
      doc['lastActivity'] = at;
    }
    return doc;
  };

  const agents = ['Maya Chen', 'Tom Becker', 'Ines Duarte'].map((full) => {
    const [firstName, lastName] = full.split(' ') as [string, string];
    const email = `${firstName.toLowerCase()}@support.example.com`;
    return stamp(store.addTeamMember(project, { email, firstName, lastName, userRole: 'AGENT' }));
  });

  const contacts: GleapDoc[] = [];
  for (let n = 1; n <= contactCount; n++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const identified = random.chance(0.7);
    const session = createSession(store, project, {
      name: `${first} ${last}`,
      email: exampleEmail(first, last, n),
      ...(identified && { userId: `user-${1000 + n}` }),
      ...(random.chance(0.6) && { phone: fictionalPhone(random) }),
      ...(random.chance(0.5) && {
        companyName: random.pick(COMPANIES),
        companyId: `company-${random.int(1, 5)}`,
      }),
      plan: random.pick(PLANS),
      value: random.int(0, 40) * 25,
      tags: random.chance(0.4) ? [random.pick(['vip', 'trial', 'churn-risk', 'beta'])] : [],
      customData: { signupSource: random.pick(['website', 'referral', 'ads']) },
      emailOnly: !identified,
    });
    contacts.push(stamp(session));
  }

  for (let n = 0; n < ticketCount && contacts.length > 0; n++) {
    const template = TICKETS[n % TICKETS.length]!;
    const contact = random.pick(contacts);
    const agent = random.pick(agents);
    const ticket = stamp(
      createTicket(
        store,
        project,
        {
          type: template.type,
          title: template.title,
          description: template.text,
          status: random.pick(STATUSES),
          priority: random.pick(PRIORITIES),
          session: contact._id,
          ...(random.chance(0.7) && { processingUser: agent._id }),
          tags: random.chance(0.3) ? ['needs-triage'] : [],
        },
        { emit: false },
      ),
    );
    const messages: Record<string, unknown>[] = [{ comment: template.text, session: contact._id }];
    if (random.chance(0.8)) messages.push({ comment: random.pick(REPLIES), user: agent._id });
    if (random.chance(0.5)) messages.push({ comment: random.pick(NOTES), user: agent._id, isNote: true });
    for (const message of messages) {
      const created = stamp(
        createMessage(store, project, { ticket: ticket._id, ...message }, { emit: false }),
      );
      const stored = project.tickets.get(ticket._id)!;
      stored.updatedAt = created.createdAt;
    }
  }
}
