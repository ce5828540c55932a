import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNewContactTrigger } from '../../src/connectors/ghl/triggers/new-contact.ts';
import { polledContact, polledNote, polledTask } from '../../src/connectors/ghl/triggers/poll-payloads.ts';
import { makeUpdatedContactTrigger } from '../../src/connectors/ghl/triggers/updated-contact.ts';
import { currentSubscriptions } from '../../src/flows/polling/subscriptions.ts';
import { connectionsRepository } from '../../src/store/connections.ts';
import { flowsRepository } from '../../src/store/flows.ts';
import { waitFor } from '../support/databases.ts';
import { type PollingWorld, pollingWorld } from './polling-support.ts';

describe('GHL polling triggers', () => {
  let w: PollingWorld;

  beforeAll(async () => {
    w = await pollingWorld();
  });
  afterAll(async () => {
    await w.close();
  });

  const contact = async (email: string, extra: Record<string, unknown> = {}) =>
    (await w.api('POST', '/contacts/', { locationId: w.locationId, email, ...extra })).contact as {
      id: string;
    };

  it('new and updated contacts: the first run replays nothing, each change is emitted once, across a restart', async () => {
    const old = await contact('old@example.com', { firstName: 'Olga' });
    let p = await w.start();
    expect(await p.runner.runNow(w.connection.id, 'ghl.new-contact')).toEqual({ events: 0, stored: 0 });
    expect(await p.runner.runNow(w.connection.id, 'ghl.updated-contact')).toEqual({ events: 0, stored: 0 });

    const fresh = [
      await contact('n1@example.com'),
      await contact('n2@example.com'),
      await contact('n3@example.com'),
    ];
    await w.api('PUT', `/contacts/${old.id}`, { firstName: 'Olivia' });
    expect((await p.runner.runNow(w.connection.id, 'ghl.new-contact')).stored).toBe(3);
    expect((await p.runner.runNow(w.connection.id, 'ghl.new-contact')).stored).toBe(0);
    expect((await p.runner.runNow(w.connection.id, 'ghl.updated-contact')).stored).toBe(1);

    await p.close();
    p = await w.start();
    expect((await p.runner.runNow(w.connection.id, 'ghl.new-contact')).events).toBe(0);
    expect((await p.runner.runNow(w.connection.id, 'ghl.updated-contact')).events).toBe(0);
    const late = await contact('n4@example.com');
    await w.api('PUT', `/contacts/${old.id}`, { lastName: 'Again' });
    expect((await p.runner.runNow(w.connection.id, 'ghl.new-contact')).stored).toBe(1);
    expect((await p.runner.runNow(w.connection.id, 'ghl.updated-contact')).stored).toBe(1);

    const created = await w.events(p.store, 'new-contact');
    expect(created.map((e) => e.payload.id)).toEqual([...fresh.map((c) => c.id), late.id]);
    for (const event of created) expect(polledContact.safeParse(event.payload).success).toBe(true);
    const updated = await w.events(p.store, 'updated-contact');
    expect(updated.map((e) => e.payload.id)).toEqual([old.id, old.id]);
    expect(updated.map((e) => e.payload.lastName ?? null)).toEqual([null, 'Again']);
    expect(new Set(updated.map((e) => e.dedupeKey)).size).toBe(2);
    await p.close();
  });

  it('contacts sharing one timestamp across pages and polls are each emitted once', async () => {
    const triggers = {
      'ghl.new-contact': makeNewContactTrigger({ pageLimit: 2, maxPages: 1, overlapMs: 5_000 }),
      'ghl.updated-contact': makeUpdatedContactTrigger({ pageLimit: 2, maxPages: 1, overlapMs: 5_000 }),
    } as never;
    const p = await w.start({ triggers });
    const emitted = async () => (await w.events(p.store, 'new-contact')).map((e) => e.payload.id as string);
    const already = new Set(await emitted());
    // Two contacts a poll: enough polls to page through every contact inside the overlap twice.
    const runUntilQuiet = async () => {
      for (let i = 0; i < 20; i += 1) await p.runner.runNow(w.connection.id, 'ghl.new-contact');
    };
    await runUntilQuiet();
    const location = w.sandbox.admin.location(w.locationId);
    const tie = Date.now() + 1_000;
    const tied = [];
    for (let i = 0; i < 5; i += 1) tied.push(await contact(`tie${i}@example.com`));
    for (const c of tied) location.contacts.get(c.id)!.dateAdded = tie;
    await runUntilQuiet();
    // One more with the same timestamp shows up late (search index lag): still found, once.
    const straggler = await contact('tie-late@example.com');
    location.contacts.get(straggler.id)!.dateAdded = tie;
    await runUntilQuiet();
    const fresh = (await emitted()).filter((id) => !already.has(id));
    expect(fresh.sort()).toEqual([...tied, straggler].map((c) => c.id).sort());
    await p.close();
  });

  it('new tasks and notes come from changed contacts, each once, per the documented coverage', async () => {
    const older = await contact('older@example.com');
    await w.api('POST', `/contacts/${older.id}/tasks`, {
      title: 'Old task',
      dueDate: '2026-12-01T09:00:00Z',
      completed: false,
    });
    await w.api('POST', `/contacts/${older.id}/notes`, { body: 'Old note' });
    let p = await w.start();
    for (const trigger of ['ghl.new-task', 'ghl.new-note']) {
      expect((await p.runner.runNow(w.connection.id, trigger)).events).toBe(0);
    }

    const fresh = await contact('fresh@example.com', { firstName: 'Fia' });
    for (const title of ['Call', 'Mail']) {
      await w.api('POST', `/contacts/${fresh.id}/tasks`, {
        title,
        dueDate: '2026-12-01T09:00:00Z',
        completed: false,
      });
    }
    await w.api('POST', `/contacts/${fresh.id}/notes`, { body: 'First call went well' });
    // On the older contact: a note (dated, so new) and a task (undated: this first look takes it as known).
    await w.api('POST', `/contacts/${older.id}/notes`, { body: 'New note on an old contact' });
    await w.api('POST', `/contacts/${older.id}/tasks`, {
      title: 'Unseen',
      dueDate: '2026-12-01T09:00:00Z',
      completed: false,
    });
    await w.api('PUT', `/contacts/${older.id}`, { firstName: 'Odd' });

    expect((await p.runner.runNow(w.connection.id, 'ghl.new-task')).stored).toBe(2);
    expect((await p.runner.runNow(w.connection.id, 'ghl.new-note')).stored).toBe(2);

    await p.close();
    p = await w.start();
    await w.api('POST', `/contacts/${older.id}/tasks`, {
      title: 'Later',
      dueDate: '2026-12-02T09:00:00Z',
      completed: false,
    });
    await w.api('PUT', `/contacts/${older.id}`, { firstName: 'Oddly' });
    expect((await p.runner.runNow(w.connection.id, 'ghl.new-task')).stored).toBe(1);
    expect((await p.runner.runNow(w.connection.id, 'ghl.new-note')).stored).toBe(0);

    const tasks = await w.events(p.store, 'new-task');
    expect(tasks.map((e) => e.payload.title)).toEqual(['Call', 'Mail', 'Later']);
    expect(tasks[0]?.payload.contact).toMatchObject({
      id: fresh.id,
      email: 'fresh@example.com',
      firstName: 'Fia',
    });
    for (const event of tasks) expect(polledTask.safeParse(event.payload).success).toBe(true);
    const notes = await w.events(p.store, 'new-note');
    expect(notes.map((e) => e.payload.body).sort()).toEqual([
      'First call went well',
      'New note on an old contact',
    ]);
    for (const event of notes) expect(polledNote.safeParse(event.payload).success).toBe(true);
    await p.close();
  });

  it('runs subscribed polls on the queue at their interval, and stops for a disabled connection', async () => {
    const p = await w.start({
      subscriptions: async () => [
        { connectionId: w.connection.id, trigger: 'ghl.new-contact', intervalSeconds: 1 },
      ],
      tickMs: 200,
    });
    const emails = async () => (await w.events(p.store, 'new-contact')).map((e) => e.payload.email as string);
    await p.runner.start();
    const ranAt = async () =>
      (
        await p.store.db
          .selectFrom('cursors')
          .select('updated_at')
          .where('trigger_key', '=', 'ghl.new-contact')
          .executeTakeFirst()
      )?.updated_at;
    const started = Date.now();
    await waitFor(async () => ((await ranAt()) ?? 0) >= started, 5_000);
    await contact('queued@example.com');
    await waitFor(async () => (await emails()).includes('queued@example.com'), 5_000);

    await connectionsRepository(p.store.db).update(w.connection.id, { status: 'disabled' });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const stoppedAt = await ranAt();
    await contact('while-disabled@example.com');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await emails()).not.toContain('while-disabled@example.com');
    expect(await ranAt()).toBe(stoppedAt);
    await connectionsRepository(p.store.db).update(w.connection.id, { status: 'active' });
    await p.close();
  });

  it('subscribes the poll triggers of enabled flows and reconciles each location once', async () => {
    const p = await w.start();
    const flows = flowsRepository(p.store.db);
    const connections = connectionsRepository(p.store.db);
    const second = await connections.create({
      name: 'ghl-poll-twin',
      connector: 'ghl',
      authType: 'private_token',
      scopes: ['contacts.readonly'],
      meta: { locationId: w.locationId, baseUrl: w.sandbox.url },
    });
    const step = { key: 'log', action: 'bridge.log', connection: 'bridge', input: {} };
    await flows.save({
      name: 'poll on',
      enabled: true,
      definition: { trigger: { event: 'ghl.new-note', connection: 'ghl-poll' }, steps: [step] },
    });
    await flows.save({
      name: 'poll off',
      enabled: false,
      definition: { trigger: { event: 'ghl.new-task' }, steps: [step] },
    });
    await flows.save({
      name: 'webhook',
      enabled: true,
      definition: { trigger: { event: 'ghl.contact-created' }, steps: [step] },
    });
    const subs = await currentSubscriptions({
      db: p.store.db,
      flows,
      connections,
      reconcileIntervalSeconds: 300,
    });
    expect(subs.sort((a, b) => a.trigger.localeCompare(b.trigger))).toEqual([
      { connectionId: w.connection.id, trigger: 'ghl.new-note', intervalSeconds: 60 },
      { connectionId: w.connection.id, trigger: 'ghl.reconcile', intervalSeconds: 300 },
    ]);
    await connections.remove(second.id);
    await p.close();
  });
});
