import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GleapClient } from '../../src/connectors/gleap/client.ts';
import type { ChangeCursor } from '../../src/connectors/gleap/triggers/change-scan.ts';
import { gleapChangeTrigger } from '../../src/connectors/gleap/triggers/change-trigger.ts';
import type { PollContext, TriggerEvent } from '../../src/kernel/define.ts';
import { type AppHarness, appHarness, pollContextFor } from '../support/app-harness.ts';
import type { Json } from '../support/app-sandboxes.ts';
import { waitFor } from '../support/databases.ts';
import { startPollProcess } from './fixtures/poll-process.ts';

let h: AppHarness;
let frozen: Date | undefined;
let ctx: PollContext<GleapClient>;

beforeAll(async () => {
  h = await appHarness({ gleap: { clock: () => frozen ?? new Date(), seed: { contacts: 0, tickets: 0 } } });
  h.gleap.admin.setLimits({ max: 10_000_000 });
  ctx = pollContextFor<GleapClient>(h.services, h.gleapConnection);
});
afterAll(() => h.close());

const project = () => h.gleapProjectId;
const newTicket = (title: string) =>
  h.gleap.admin.createTicket(project(), { title }, { webhook: false }) as Json;
const changeTicket = (id: string, fields: Record<string, unknown>) =>
  h.gleap.admin.updateTicket(project(), id, fields, { webhook: false }) as Json;

function trigger(change: 'created' | 'updated', resource: 'ticket' | 'contact', options = {}) {
  return gleapChangeTrigger({
    key: `${change}-${resource}`,
    title: 't',
    description: 'd',
    resource,
    change,
    ...options,
  });
}

/** Polls until a poll brings nothing new; returns every event and the last cursor. */
async function drain(t: ReturnType<typeof trigger>, cursor: ChangeCursor | null) {
  const events: TriggerEvent[] = [];
  let current = cursor;
  for (let i = 0; i < 50; i++) {
    const result = await t.poll(ctx, current);
    events.push(...result.events);
    current = result.cursor;
    if (result.events.length === 0 && !current.resume) break;
  }
  return { events, cursor: current as ChangeCursor };
}

describe('Gleap polling triggers', () => {
  it('starts at now without replaying history, then emits each change once, whatever the page boundaries', async () => {
    const tickets = Array.from({ length: 12 }, (_, i) => newTicket(`T${i}`));
    const updated = trigger('updated', 'ticket', { pageSize: 3 });
    const first = await updated.poll(ctx, null);
    expect(first.events).toEqual([]);
    expect(Math.abs(Date.parse(first.cursor.since) - Date.now())).toBeLessThan(2_000);

    // Seven changes at the very same millisecond straddle pages of three.
    frozen = new Date();
    for (const ticket of tickets.slice(0, 7)) changeTicket(ticket._id, { status: 'INPROGRESS' });
    frozen = undefined;
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const ticket of tickets.slice(7, 9)) changeTicket(ticket._id, { status: 'DONE' });

    const { events, cursor } = await drain(updated, first.cursor);
    expect(events.map((e) => (e.payload as Json).data._id).sort()).toEqual(
      tickets
        .slice(0, 9)
        .map((t) => t._id)
        .sort(),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(9);
    expect(events[0]).toMatchObject({
      type: 'ticket.updated',
      payload: { event: 'ticket.updated', projectId: project() },
    });

    changeTicket(tickets[0]._id, { status: 'DONE' });
    const again = await drain(updated, cursor);
    expect(again.events.map((e) => (e.payload as Json).data.status)).toEqual(['DONE']);
    expect(again.events[0]?.id).not.toBe(
      events.find((e) => (e.payload as Json).data._id === tickets[0]._id)?.id,
    );
  });

  it('catches a change stamped a little before the last poll (inside the overlap), once', async () => {
    const updated = trigger('updated', 'ticket');
    const ticket = newTicket('late');
    const start = await drain(updated, (await updated.poll(ctx, null)).cursor);
    frozen = new Date(Date.parse(start.cursor.since) - 10_000);
    changeTicket(ticket._id, { priority: 'HIGH' });
    frozen = undefined;
    const late = await drain(updated, start.cursor);
    expect(late.events.map((e) => (e.payload as Json).data._id)).toEqual([ticket._id]);
    expect((await drain(updated, late.cursor)).events).toEqual([]);
  });

  it('goes on where a long scan stopped, and tells new records from changed ones', async () => {
    const created = trigger('created', 'ticket', { pageSize: 2, maxPages: 2 });
    const updated = trigger('updated', 'ticket', { pageSize: 2, maxPages: 2 });
    const createdStart = (await created.poll(ctx, null)).cursor;
    const updatedStart = (await updated.poll(ctx, null)).cursor;
    const fresh = Array.from({ length: 9 }, (_, i) => newTicket(`New ${i}`));
    const polls: number[] = [];
    let cursor: ChangeCursor = createdStart;
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const result = await created.poll(ctx, cursor);
      polls.push(result.events.length);
      seen.push(...result.events.map((e) => (e.payload as Json).data._id));
      cursor = result.cursor;
    }
    expect(seen.sort()).toEqual(fresh.map((t) => t._id).sort());
    expect(Math.max(...polls)).toBeLessThanOrEqual(4);
    // Creation alone is not an update.
    expect((await drain(updated, updatedStart)).events).toEqual([]);
  });

  it('polls contacts the same way', async () => {
    const created = trigger('created', 'contact');
    const updated = trigger('updated', 'contact');
    const c0 = (await created.poll(ctx, null)).cursor;
    const u0 = (await updated.poll(ctx, null)).cursor;
    const contact = h.gleap.admin.createContact(project(), {
      name: 'Polly',
      email: 'polly@example.com',
    }) as Json;
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.gleap.admin.updateContact(project(), contact._id, { plan: 'pro' });
    const news = await drain(created, c0);
    expect(news.events.map((e) => [e.type, e.id])).toEqual([
      ['contact.created', `created-contact:${contact._id}`],
    ]);
    const changes = await drain(updated, u0);
    expect(changes.events.map((e) => (e.payload as Json).data.plan)).toEqual(['pro']);
  });
});

describe('Gleap polling proof: 5,000 changes, two crashes, each change emitted once', () => {
  it('emits every ticket change exactly once while the poller is killed and restarted twice', async () => {
    const tickets = Array.from({ length: 5_000 }, (_, i) => newTicket(`Proof ${i}`));
    const untouched = Array.from({ length: 200 }, (_, i) => newTicket(`Untouched ${i}`));
    const args = {
      databaseUrl: h.database.url,
      connection: h.gleapConnection.name,
      trigger: 'gleap.updated-ticket',
      pageSize: 50,
      intervalMs: 20,
    };
    let poller = await startPollProcess(args);
    let restarting: Promise<void> | undefined;
    const restart = () => {
      restarting = (async () => {
        await poller.crash();
        poller = await startPollProcess(args);
      })();
    };

    // 50 batches of 100; each batch shares one updatedAt (more than a page of 50). Every third
    // batch is stamped a second late, as by a server whose clock is behind or a write that
    // becomes visible late: the poller may already be past that time. (Changes stamped before
    // the trigger was switched on are history, so the late ones wait until a second after.)
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (let batch = 0; batch < 50; batch++) {
      frozen = new Date(Date.now() - (batch % 3 === 0 ? 1_000 : 0));
      for (let i = batch * 100; i < (batch + 1) * 100; i++)
        changeTicket(tickets[i]._id, { status: `S-${i}` });
      frozen = undefined;
      if (batch === 15 || batch === 35) {
        await restarting;
        restart();
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await restarting;

    const count = async () =>
      Number(
        (
          await h.store.db
            .selectFrom('inbox_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('event_type', '=', 'updated-ticket')
            .executeTakeFirstOrThrow()
        ).n,
      );
    await waitFor(async () => (await count()) >= 5_000, 90_000, 100);
    // A few more polls must bring nothing more.
    const polled = poller.polls();
    await waitFor(() => poller.polls() >= polled + 5, 10_000, 20);
    await poller.stop();

    const rows = await h.store.db
      .selectFrom('inbox_events')
      .select(['payload', 'dedupe_key'])
      .where('event_type', '=', 'updated-ticket')
      .execute();
    expect(rows).toHaveLength(5_000);
    const byTicket = new Map<string, string>();
    for (const row of rows) {
      const data = (JSON.parse(row.payload) as Json).data;
      expect(byTicket.has(data._id)).toBe(false);
      byTicket.set(data._id, data.status);
    }
    tickets.forEach((ticket, i) => {
      expect(byTicket.get(ticket._id)).toBe(`S-${i}`);
    });
    for (const ticket of untouched) expect(byTicket.has(ticket._id)).toBe(false);
  }, 150_000);
});
