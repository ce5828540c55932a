import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GleantapClient } from '../../src/connectors/gleantap/client.ts';
import {
  type CustomerCursor,
  gleantapCustomerTrigger,
} from '../../src/connectors/gleantap/triggers/customer-trigger.ts';
import type { PollContext, TriggerEvent } from '../../src/kernel/define.ts';
import { type AppHarness, appHarness, pollContextFor } from '../support/app-harness.ts';
import type { Json } from '../support/app-sandboxes.ts';

let h: AppHarness;
let now = new Date('2025-03-10T12:00:00.000Z');
let ctx: PollContext<GleantapClient>;

beforeAll(async () => {
  h = await appHarness({ gleantap: { clock: () => now, seed: { customers: 4, events: 0 } } });
  ctx = pollContextFor<GleantapClient>(h.services, h.gleantapConnection, () => now);
});
afterAll(() => h.close());

const app = () => h.gleantapAppId;
const at = (iso: string) => {
  now = new Date(iso);
};
function trigger(change: 'created' | 'updated', options = {}) {
  return gleantapCustomerTrigger({
    key: `${change}-customer`,
    title: 't',
    description: 'd',
    change,
    ...options,
  });
}
type Trigger = ReturnType<typeof trigger>;

async function poll(t: Trigger, cursor: CustomerCursor | null) {
  const events: TriggerEvent[] = [];
  let current = cursor;
  // A pass may take several polls; go on until it is over.
  do {
    const result = await t.poll(ctx, current);
    events.push(...result.events);
    current = result.cursor;
  } while (current.offset !== 0);
  return { events, cursor: current };
}
const cities = (events: TriggerEvent[]) => events.map((e) => (e.payload as Json).city);

describe('Gleantap polling: a date-only updated_since', () => {
  it('emits real changes once, however often the same day is read again', async () => {
    at('2025-03-10T12:00:00.000Z');
    const updated = trigger('updated');
    const start = await updated.poll(ctx, null);
    expect(start.events).toEqual([]);
    expect(start.cursor.day).toBe('2025-03-10');

    const maya = h.gleantap.admin.createCustomer(
      app(),
      { first_name: 'Maya', last_name: 'L', city: 'Austin' },
      '2025-03-01T09:00:00Z',
    );
    const quiet = await poll(updated, start.cursor);
    expect(quiet.events).toEqual([]); // changed on the 1st: before the window, and not after the trigger started

    at('2025-03-10T13:00:00.000Z');
    h.gleantap.admin.updateCustomer(app(), maya.id, { city: 'Dallas' });
    const first = await poll(updated, quiet.cursor);
    expect(cities(first.events)).toEqual(['Dallas']);
    expect(first.events[0]?.type).toBe('customer.updated');

    // The same day is read again and again: nothing new.
    at('2025-03-10T13:05:00.000Z');
    const again = await poll(updated, first.cursor);
    expect(again.events).toEqual([]);

    // Back and forth: each real change is one event with its own id.
    h.gleantap.admin.updateCustomer(app(), maya.id, { city: 'Austin' });
    const back = await poll(updated, again.cursor);
    h.gleantap.admin.updateCustomer(app(), maya.id, { city: 'Dallas' });
    const forth = await poll(updated, back.cursor);
    expect([...cities(back.events), ...cities(forth.events)]).toEqual(['Austin', 'Dallas']);
    expect(new Set([first, back, forth].map((p) => p.events[0]?.id)).size).toBe(3);

    // An event on the timeline is not a change of the contact.
    h.gleantap.admin.addEvent(app(), {
      id: 'visit-1',
      _id: maya.id,
      event_type: 'visit',
      event_date: '2025-03-10',
    });
    expect((await poll(updated, forth.cursor)).events).toEqual([]);
  });

  it('keeps reading the day before until well past midnight, then moves on and forgets it', async () => {
    at('2025-03-10T23:40:00.000Z');
    const updated = trigger('updated');
    let { cursor } = await updated.poll(ctx, null);
    const late = h.gleantap.admin.createCustomer(
      app(),
      { first_name: 'Late', last_name: 'Night' },
      '2025-02-01T00:00:00Z',
    );

    at('2025-03-10T23:59:59.000Z');
    h.gleantap.admin.updateCustomer(app(), late.id, { city: 'Before midnight' });
    at('2025-03-11T00:05:00.000Z');
    const seen = await poll(updated, cursor);
    expect(cities(seen.events)).toEqual(['Before midnight']);
    expect(seen.cursor.day).toBe('2025-03-10');

    at('2025-03-11T00:30:00.000Z');
    ({ cursor } = await poll(updated, seen.cursor));
    expect(cursor.day).toBe('2025-03-11');
    at('2025-03-11T00:31:00.000Z');
    const after = await poll(updated, cursor);
    expect(after.events).toEqual([]);
    // Read on the 11th, the 10th's change is out of the window, and out of the cursor.
    expect(cursor.seen[late.id]).toBeDefined();
    expect(after.cursor.seen[late.id]).toBeUndefined();
  });

  it('does not move to the next day after a pass during which contacts were deleted', async () => {
    at('2025-03-12T10:00:00.000Z');
    const updated = trigger('updated', { pageSize: 2, maxPages: 1 });
    const many = Array.from({ length: 5 }, (_, i) =>
      h.gleantap.admin.createCustomer(
        app(),
        { first_name: `Del${i}`, last_name: 'X' },
        '2025-01-01T00:00:00Z',
      ),
    );
    let { cursor } = await poll(updated, (await updated.poll(ctx, null)).cursor);
    for (const c of many) h.gleantap.admin.updateCustomer(app(), c.id, { city: 'Changed' });
    at('2025-03-13T09:00:00.000Z');
    const firstPage = await updated.poll(ctx, cursor);
    expect(firstPage.cursor.offset).toBeGreaterThan(0);
    // Two contacts already read disappear: the rest of the list shifts back under the pass.
    const read = firstPage.events.map((e) => (e.payload as Json).id);
    for (const id of read.slice(0, 2)) h.gleantap.admin.deleteCustomer(app(), id);
    const rest = await poll(updated, firstPage.cursor);
    expect(rest.cursor.day).toBe('2025-03-12');
    const emitted = [...read, ...rest.events.map((e) => (e.payload as Json).id)];
    // The next pass, on the same day, finds whatever the shift hid.
    const next = await poll(updated, rest.cursor);
    emitted.push(...next.events.map((e) => (e.payload as Json).id));
    expect(emitted.filter((id) => many.some((c) => c.id === id)).sort()).toEqual(
      many.map((c) => c.id).sort(),
    );
    expect(next.cursor.day).toBe('2025-03-13');
    cursor = next.cursor;
  });

  it('tells new customers from changed ones; a contact created and edited between polls is not lost', async () => {
    at('2025-03-14T08:00:00.000Z');
    const created = trigger('created');
    const updated = trigger('updated');
    const upsert = (input: Record<string, unknown>) =>
      h.run<{ contactId: string }>('gleantap.upsert-contact', { last_name: 'Member', ...input });
    const old = h.gleantap.admin.createCustomer(
      app(),
      { first_name: 'Old', last_name: 'Timer' },
      '2024-01-01T00:00:00Z',
    );
    let c = (await created.poll(ctx, null)).cursor;
    let u = (await updated.poll(ctx, null)).cursor;
    at('2025-03-14T09:00:00.000Z');
    const joined = await upsert({ first_name: 'New', user_id: 'new-1' });
    h.gleantap.admin.updateCustomer(app(), old.id, { status: 'active' });

    const news = await poll(created, c);
    expect(news.events.map((e) => [e.type, (e.payload as Json).id])).toEqual([
      ['customer.created', joined.contactId],
    ]);
    // A contact first seen counts as changed too: whatever was edited since its creation is in it.
    const changes = await poll(updated, u);
    expect(changes.events.map((e) => (e.payload as Json).id).sort()).toEqual(
      [old.id, joined.contactId].sort(),
    );
    c = news.cursor;
    u = changes.cursor;

    at('2025-03-14T10:00:00.000Z');
    await upsert({ first_name: 'New', user_id: 'new-1', city: 'Waco' });
    c = (await poll(created, c)).cursor;
    const edited = await poll(updated, u);
    expect(cities(edited.events)).toEqual(['Waco']);
    u = edited.cursor;

    // Created, seen by "new", then edited before "updated" polls: the edit still arrives.
    const quick = await upsert({ first_name: 'Quick', user_id: 'q-1' });
    const fresh = await poll(created, c);
    expect(fresh.events.map((e) => (e.payload as Json).id)).toEqual([quick.contactId]);
    at('2025-03-14T10:01:00.000Z');
    await upsert({ first_name: 'Quick', user_id: 'q-1', city: 'Tyler' });
    expect(cities((await poll(updated, u)).events)).toEqual(['Tyler']);
    expect((await poll(created, fresh.cursor)).events).toEqual([]);
  });
});
