import { z } from 'zod';
import { defineTrigger, type PollTriggerDefinition, type TriggerEvent } from '../../../kernel/define.ts';
import type { GleantapClient } from '../client.ts';
import type { Member } from '../schemas.ts';
import { dayOf } from './calendar-day.ts';

/**
 * Gleantap has no feed of events: they come only inside `getCustomers` with `events: true`,
 * narrowed by `event_since_date` (a date, compared with each event's `event_date`). Every poll
 * therefore re-reads the customers with events dated from the window's day on, and emits each
 * event whose own id it has not seen. Seen ids are kept in the cursor with their event day and
 * dropped once that day leaves the window, which bounds the cursor to a few days of events.
 * An event recorded with an `event_date` already before the window (backdated) is not seen:
 * the API offers no other way to find it.
 */
export interface CustomerEventCursor {
  /** `event_since_date` of the pass (YYYY-MM-DD). */
  day: string;
  /** Where an unfinished pass goes on. */
  offset: number;
  /** Event id → the day of its `event_date`. */
  seen: Record<string, string>;
  /** The first pass only learns the events that exist. */
  learning?: boolean;
}

const text = z.string().nullish();

export const customerEvent = z.looseObject({
  id: z.string().min(1),
  event_type: z.string(),
  event_name: text,
  event_date: text,
  event_time: text,
  event_data: z.unknown().optional(),
  customer: z.object({ id: z.string(), email: text, phone: text, firstname: text, lastname: text }),
});

const PAGE_SIZE = 200;
const MAX_PAGES = 10;
/** Events dated yesterday stay in the window: a late-recorded event of yesterday is still found. */
const WINDOW_DAYS = 1;

type GleantapEvent = Record<string, unknown> & { id?: unknown; event_date?: unknown };
type MemberWithEvents = Member & { events?: GleantapEvent[] };

export const newCustomerEventTrigger = Object.freeze({
  key: 'new-customer-event',
  kind: 'poll',
  title: 'New customer event',
  description:
    "An event was recorded on any Gleantap customer's timeline (a check-in, a missed class, an event sent by an integration). Gleantap has no event feed or webhooks: ghl-bridge polls getCustomers with events and event_since_date every minute and delivers each event once, by its own id, across restarts. Payload: the event and its customer (id, email, phone, names).",
  scopes: [],
  intervalSeconds: 60,
  output: customerEvent,
  sample: {
    id: 'evt-2025-09-01-0042',
    event_type: 'missed_class',
    event_name: 'Missed: Yoga 7am',
    event_date: '2025-09-01',
    customer: {
      id: '66d4a1b2c3d4e5f600000042',
      email: 'maya@example.com',
      phone: '+15550100042',
      firstname: 'Maya',
      lastname: 'Lopez',
    },
  },
  async poll(ctx, cursor) {
    const timeZone = typeof ctx.connection.meta.timezone === 'string' ? ctx.connection.meta.timezone : 'UTC';
    const windowDay = dayOf(new Date(ctx.now().getTime() - WINDOW_DAYS * 86_400_000), timeZone);
    const learning = cursor === null || cursor.learning === true;
    // A new pass starts at the current window; an unfinished one keeps its day so its offsets hold.
    const day = cursor && cursor.offset > 0 ? cursor.day : windowDay;
    let offset = cursor?.offset ?? 0;
    const seen = { ...cursor?.seen };
    const events: TriggerEvent[] = [];
    let ended = false;
    // The first pass is read in one go, so that nothing recorded meanwhile is taken as history.
    for (let page = 0; learning || page < MAX_PAGES; page++) {
      const data = await ctx.client.call<{ members?: MemberWithEvents[] }>(
        'getCustomers',
        { event_since_date: day, events: true, limit: PAGE_SIZE, offset },
        { idempotent: true, signal: ctx.signal },
      );
      const members = data.members ?? [];
      for (const member of members) {
        for (const event of member.events ?? []) {
          if (typeof event.id !== 'string' || event.id === '' || seen[event.id] !== undefined) continue;
          const eventDay = typeof event.event_date === 'string' ? event.event_date.slice(0, 10) : day;
          // `events: true` may list a customer's older events too; those left the window and
          // were forgotten, so they must not come back as new.
          if (eventDay < day) continue;
          seen[event.id] = eventDay;
          if (!learning) events.push(eventOf(member, event, ctx.now()));
        }
      }
      offset += members.length;
      if (members.length < PAGE_SIZE) {
        ended = true;
        break;
      }
    }
    if (!ended) return { events, cursor: { day, offset, seen, ...(learning ? { learning } : {}) } };
    // Pass complete: forget events whose day has left the window (they cannot be read again).
    const kept = Object.fromEntries(Object.entries(seen).filter(([, eventDay]) => eventDay >= windowDay));
    return { events, cursor: { day: windowDay, offset: 0, seen: kept } };
  },
} satisfies PollTriggerDefinition<typeof customerEvent, GleantapClient, CustomerEventCursor>);

defineTrigger(newCustomerEventTrigger);

function eventOf(member: MemberWithEvents, event: GleantapEvent, now: Date): TriggerEvent {
  const at = typeof event.event_date === 'string' ? Date.parse(event.event_date) : Number.NaN;
  return {
    id: `new-customer-event:${String(event.id)}`,
    type: 'customer.event',
    occurredAt: Number.isNaN(at) ? now.toISOString() : new Date(at).toISOString(),
    payload: {
      ...event,
      customer: {
        id: member.id,
        email: member.email ?? null,
        phone: member.phone ?? null,
        firstname: member.firstname ?? null,
        lastname: member.lastname ?? null,
      },
    },
  };
}
