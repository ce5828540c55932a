import { defineTrigger, type PollTriggerDefinition, type TriggerEvent } from '../../../kernel/define.ts';
import type { GleantapClient } from '../client.ts';
import { type Member, member } from '../schemas.ts';
import { dayOf, dayOfStamp } from './calendar-day.ts';
import { type PassPosition, readPass } from './customer-scan.ts';
import { hashOf } from './record-hash.ts';

/**
 * Change detection over a date-only `updated_since`. Every poll re-reads the whole window
 * (everything changed on `day` or later) and compares each record's hash with the one kept in
 * the cursor, so only real changes are emitted, once. The window moves to a later day only
 * after a complete, clean pass, and then to the day of (pass start - overlap): a change made
 * just before midnight is still read after it. Hashes of records that left the window are
 * dropped, which bounds the cursor to about a day of changes.
 */
export interface CustomerCursor extends PassPosition {
  /** Record id → [hash, changes emitted so far, pass that last read it]. */
  seen: Record<string, [string, number, number]>;
  /** The first pass only learns what exists; it emits nothing. */
  learning?: boolean;
}

export interface CustomerScanOptions {
  pageSize: number;
  /** Pages per poll; a longer pass goes on at the next poll. */
  maxPages: number;
  overlapMs: number;
}

export const GLEANTAP_POLL_DEFAULTS: CustomerScanOptions = {
  pageSize: 1000,
  maxPages: 10,
  overlapMs: 15 * 60_000,
};

export interface CustomerTriggerOptions extends Partial<CustomerScanOptions> {
  key: string;
  title: string;
  description: string;
  change: 'created' | 'updated';
  intervalSeconds?: number;
}

export type CustomerTrigger = Readonly<PollTriggerDefinition<typeof member, GleantapClient, CustomerCursor>>;

export function gleantapCustomerTrigger(options: CustomerTriggerOptions): CustomerTrigger {
  const scan: CustomerScanOptions = { ...GLEANTAP_POLL_DEFAULTS, ...options };
  const definition: PollTriggerDefinition<typeof member, GleantapClient, CustomerCursor> = {
    key: options.key,
    kind: 'poll',
    title: options.title,
    description: options.description,
    scopes: [],
    intervalSeconds: options.intervalSeconds ?? 60,
    output: member,
    sample: {
      id: '66d4a1b2c3d4e5f600000042',
      firstname: 'Maya',
      lastname: 'Lopez',
      email: 'maya@example.com',
      phone: '+15550100042',
      last_location: 'Downtown',
      email_optout: 0,
      sms_optout: 0,
      created_date: '2025-07-05T22:40:10.844Z',
      city: 'Austin',
      tags: 'member,yoga',
    },
    async poll(ctx, cursor) {
      const timeZone =
        typeof ctx.connection.meta.timezone === 'string' ? ctx.connection.meta.timezone : 'UTC';
      const now = ctx.now();
      const state = startOrResume(cursor, now, timeZone, scan.overlapMs);
      // The first pass is read in one go: a change made while it spread over several polls
      // would be learned as the starting state instead of being emitted.
      const maxPages = state.learning ? Number.POSITIVE_INFINITY : scan.maxPages;
      const read = await readPass(ctx.client, state, { ...scan, maxPages, signal: ctx.signal });
      const seen = { ...state.seen };
      const events: TriggerEvent[] = [];
      for (const record of read.members) {
        const event = judge(record, seen, state, options, now, timeZone);
        if (event) events.push(event);
      }
      let next: CustomerCursor = { ...read.position, seen, ...(state.learning ? { learning: true } : {}) };
      if (read.ended) next = endPass(next, scan.overlapMs, timeZone);
      return { events, cursor: next };
    },
  };
  defineTrigger(definition);
  return Object.freeze(definition);
}

function startOrResume(
  cursor: CustomerCursor | null,
  now: Date,
  timeZone: string,
  overlapMs: number,
): CustomerCursor {
  const fresh = { offset: 0, lastId: undefined, passStartedAt: now.toISOString(), clean: true };
  if (!cursor) {
    return {
      ...fresh,
      day: dayOf(new Date(now.getTime() - overlapMs), timeZone),
      pass: 1,
      seen: {},
      learning: true,
    };
  }
  if (cursor.offset === 0) return { ...cursor, ...fresh, pass: cursor.pass + 1 };
  return cursor;
}

/** Records what the pass saw of one record; returns the event it makes, if any. */
function judge(
  record: Member,
  seen: CustomerCursor['seen'],
  state: CustomerCursor,
  options: CustomerTriggerOptions,
  now: Date,
  timeZone: string,
): TriggerEvent | undefined {
  const hash = hashOf(record);
  const known = seen[record.id];
  const createdDay = dayOfStamp(record.created_date, timeZone);
  // Created inside the window and never read: a new record (creation counts as a change).
  const isNew = !known && createdDay !== undefined && createdDay >= state.day;
  let changes = known?.[1] ?? 0;
  let event: TriggerEvent | undefined;
  if (!state.learning && options.change === 'created' && isNew) {
    event = {
      id: `${options.key}:${record.id}`,
      type: 'customer.created',
      occurredAt: isoOf(record.created_date) ?? now.toISOString(),
      payload: record,
    };
  }
  // Gleantap gives no change time: a contact created and edited between two polls looks new,
  // so a contact first seen counts as a change too (with its latest content), lest the edit be lost.
  if (!state.learning && options.change === 'updated' && known?.[0] !== hash) {
    changes += 1;
    event = {
      id: `${options.key}:${record.id}:${state.day}:${changes}:${hash}`,
      type: 'customer.updated',
      occurredAt: now.toISOString(),
      payload: record,
    };
  }
  seen[record.id] = [hash, changes, state.pass];
  return event;
}

function endPass(cursor: CustomerCursor, overlapMs: number, timeZone: string): CustomerCursor {
  const { learning: _learning, ...rest } = cursor;
  const ended: CustomerCursor = { ...rest, offset: 0, lastId: undefined };
  if (!cursor.clean) return ended;
  const reached = dayOf(new Date(Date.parse(cursor.passStartedAt) - overlapMs), timeZone);
  const seen = Object.fromEntries(
    Object.entries(cursor.seen).filter(([, entry]) => entry[2] === cursor.pass),
  );
  // Days are YYYY-MM-DD, so the later one sorts last; the window never moves back.
  const day = [reached, cursor.day].sort()[1] ?? cursor.day;
  return { ...ended, day, seen };
}

function isoOf(stamp: unknown): string | undefined {
  if (typeof stamp !== 'string') return undefined;
  const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(stamp) ? `${stamp.replace(' ', 'T')}Z` : stamp;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}
