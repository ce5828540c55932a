import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTrigger } from '../../src/connectors/registry.ts';
import { type PollingRunner, pollingRunnerFor } from '../../src/flows/polling/index.ts';
import { type Json, type WebhookBridge, webhookBridge } from '../server/webhooks-support.ts';
import { type PollingWorld, pollingWorld } from './polling-support.ts';

describe('GHL reconciliation', () => {
  let b: WebhookBridge;
  let runner: PollingRunner;
  let failing: Server;
  let failingUrl: string;

  beforeAll(async () => {
    b = await webhookBridge({ sandbox: { limits: { max: 100_000, dailyMax: 10_000_000 } } });
    runner = pollingRunnerFor(
      { ...b.runtime, log: b.runtime.log },
      { reconcile: { graceMs: 0, lookbackMs: 60_000 } },
    );
    // A webhook target that answers 500: GHL does not retry that, the event is lost.
    failing = createServer((_request, response) => response.writeHead(500).end());
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => failing.close(resolve));
    await b.close();
  });

  const reconcile = () => runner.runNow(b.connection.id, 'ghl.reconcile');

  async function inbox(): Promise<Array<{ type: string; key: string; payload: Json; status: string }>> {
    const rows = await b.runtime.store.db
      .selectFrom('inbox_events')
      .selectAll()
      .orderBy('received_at')
      .execute();
    return rows.map((r) => ({
      type: r.event_type,
      key: r.dedupe_key,
      payload: JSON.parse(r.payload),
      status: r.status,
    }));
  }

  const reconciled = async () => (await inbox()).filter((e) => e.payload.reconciled === true);

  async function withTarget<T>(url: string | null, change: () => Promise<T>): Promise<T> {
    b.sandbox.webhooks.setTarget(url);
    try {
      const result = await change();
      await b.sandbox.webhooks.settled();
      return result;
    } finally {
      b.sandbox.webhooks.setTarget(b.webhookUrl);
    }
  }

  it('finds the changes whose webhooks were lost, once, and not the ones that arrived', async () => {
    expect(await reconcile()).toEqual({ events: 0, stored: 0 });

    const arrived = (
      await b.api('POST', '/contacts/', {
        locationId: b.locationId,
        email: 'arrived@example.com',
        firstName: 'Ari',
      })
    ).contact;
    await b.sandbox.webhooks.settled();
    await b.api('PUT', `/contacts/${arrived.id}`, { lastName: 'Delivered' });
    await b.sandbox.webhooks.settled();

    const seen = (
      await b.api('POST', '/contacts/', {
        locationId: b.locationId,
        email: 'seen@example.com',
        firstName: 'Sam',
      })
    ).contact;
    await b.sandbox.webhooks.settled();
    // Dropped: no target at all.
    await withTarget(null, () => b.api('PUT', `/contacts/${seen.id}`, { firstName: 'Samuel' }));
    const lost = await withTarget(null, async () => {
      const created = (
        await b.api('POST', '/contacts/', {
          locationId: b.locationId,
          email: 'lost@example.com',
          firstName: 'Lou',
        })
      ).contact;
      await b.api('POST', `/contacts/${created.id}/tasks`, {
        title: 'Call Lou',
        dueDate: '2026-12-01T09:00:00Z',
        completed: false,
      });
      await b.api('POST', `/contacts/${created.id}/notes`, { body: 'Lou called' });
      return created;
    });
    // Dropped: the target answered 500.
    await withTarget(failingUrl, () => b.api('POST', `/contacts/${seen.id}/tags`, { tags: ['vip'] }));
    expect(b.sandbox.webhooks.deliveries({ event: 'ContactTagUpdate', state: 'failed' })).toHaveLength(1);

    const before = (await inbox()).length;
    const run = await reconcile();
    expect(run.stored).toBeGreaterThan(0);
    const found = await reconciled();
    expect(found.map((e) => `${e.type} ${e.payload.id ?? e.payload.appointment?.id}`).sort()).toEqual(
      [
        `ContactCreate ${lost.id}`,
        `ContactUpdate ${seen.id}`,
        `ContactTagUpdate ${seen.id}`,
        `NoteCreate ${found.find((e) => e.type === 'NoteCreate')?.payload.id}`,
        `TaskCreate ${found.find((e) => e.type === 'TaskCreate')?.payload.id}`,
      ].sort(),
    );
    expect(found.find((e) => e.type === 'TaskCreate')?.payload).toMatchObject({
      title: 'Call Lou',
      contactId: lost.id,
    });
    expect(found.find((e) => e.type === 'ContactTagUpdate')?.payload).toMatchObject({
      firstName: 'Samuel',
      tags: ['vip'],
    });
    expect(found.some((e) => e.payload.id === arrived.id)).toBe(false);
    // Each reconciled event has the shape of the webhook it stands for, and a job for the engine.
    for (const event of found) {
      const trigger = findTrigger(`ghl.${triggerKeyOf(event.type)}`).trigger;
      expect(trigger.output.safeParse(event.payload).success, event.type).toBe(true);
    }
    const jobs = await b.runtime.store.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'inbox.event')
      .execute();
    const queued = new Set(jobs.map((j) => JSON.parse(j.payload).eventId));
    const ids = await b.runtime.store.db
      .selectFrom('inbox_events')
      .select('id')
      .where('payload', 'like', '%"reconciled":true%')
      .execute();
    for (const { id } of ids) expect(queued.has(id)).toBe(true);

    expect((await reconcile()).stored).toBe(0);
    expect((await inbox()).length).toBe(before + found.length);
  });

  it('a contact whose ContactCreate was lost is reported as created even though a later update arrived', async () => {
    const contact = await withTarget(null, async () => {
      return (await b.api('POST', '/contacts/', { locationId: b.locationId, email: 'nocreate@example.com' }))
        .contact;
    });
    await b.api('PUT', `/contacts/${contact.id}`, { firstName: 'Nadia' });
    await b.sandbox.webhooks.settled();
    expect((await reconcile()).stored).toBe(1);
    const creates = (await inbox()).filter((e) => e.payload.id === contact.id && e.type === 'ContactCreate');
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({
      key: `ContactCreate:${contact.id}`,
      payload: { firstName: 'Nadia', reconciled: true },
    });
    expect((await reconcile()).stored).toBe(0);
  });

  it('a lost webhook that arrives after all (late) is kept but not processed twice', async () => {
    const contact = (
      await b.api('POST', '/contacts/', {
        locationId: b.locationId,
        email: 'late@example.com',
        firstName: 'Lana',
      })
    ).contact;
    await b.sandbox.webhooks.settled();
    b.sandbox.webhooks.clearDeliveries();
    await withTarget(null, () => b.api('PUT', `/contacts/${contact.id}`, { city: 'Lagos' }));
    const late = b.sandbox.webhooks.deliveries({ event: 'ContactUpdate' })[0]!;
    expect((await reconcile()).stored).toBe(1);

    const answer = await b.post(late.body, late.headers);
    expect(answer).toMatchObject({ status: 200, body: { status: 'already_reported' } });
    const row = (await inbox()).find((e) => e.key === JSON.parse(late.body).webhookId);
    expect(row?.status).toBe('done');
    const updates = (await inbox()).filter((e) => e.type === 'ContactUpdate' && e.payload.id === contact.id);
    expect(updates.filter((e) => e.status === 'pending')).toHaveLength(1);
  });
});

function triggerKeyOf(type: string): string {
  const keys: Record<string, string> = {
    ContactCreate: 'contact-created',
    ContactUpdate: 'contact-updated',
    ContactTagUpdate: 'contact-tags-updated',
    ContactDndUpdate: 'contact-dnd-updated',
    TaskCreate: 'task-created',
    NoteCreate: 'note-created',
  };
  return keys[type] ?? type;
}

describe('GHL reconciliation on PostgreSQL', () => {
  let w: PollingWorld;
  beforeAll(async () => {
    w = await pollingWorld('postgres');
  });
  afterAll(async () => {
    await w.close();
  });

  it('reports changes no webhook brought, once, across a restart', async () => {
    let p = await w.start();
    expect((await p.runner.runNow(w.connection.id, 'ghl.reconcile')).stored).toBe(0);
    const { contact } = await w.api('POST', '/contacts/', {
      locationId: w.locationId,
      email: 'pg@example.com',
    });
    await w.api('POST', `/contacts/${contact.id}/tasks`, {
      title: 'On pg',
      dueDate: '2026-12-01T09:00:00Z',
      completed: true,
    });
    expect((await p.runner.runNow(w.connection.id, 'ghl.reconcile')).stored).toBe(3);
    await p.close();
    p = await w.start();
    expect((await p.runner.runNow(w.connection.id, 'ghl.reconcile')).stored).toBe(0);
    const types = [];
    for (const type of ['ContactCreate', 'TaskCreate', 'TaskComplete'])
      types.push(...(await w.events(p.store, type)));
    expect(types.map((e) => e.dedupeKey.split(':')[0]).sort()).toEqual([
      'ContactCreate',
      'TaskComplete',
      'TaskCreate',
    ]);
    await p.close();
  });
});
