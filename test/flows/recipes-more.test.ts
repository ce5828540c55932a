import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Demo } from '../../src/cli/demo.ts';
import type { Runtime } from '../../src/server/runtime.ts';
import { waitFor } from '../support/databases.ts';
import { type DemoHarness, startDemoHarness } from '../support/demo-harness.ts';

/**
 * The recipes built on the polled Gleantap events and removals and on Gleap's internal notes,
 * end to end as in the demo: a change made in one sandbox, its effect checked in GHL's.
 */
describe('recipes on polled events, removals and notes', () => {
  let runtime: Runtime;
  let demo: Demo;
  let harness: DemoHarness;

  // Read the sandboxes' state directly: polling their APIs would spend the rate budgets.
  const ghlLocation = () => demo.sandboxes.ghl.admin.location(demo.sandboxes.ghl.defaultLocation.locationId);
  const ghlContactByEmail = (email: string) =>
    [...ghlLocation().contacts.values()].find((c) => c.email === email) as { id: string } | undefined;
  const ghlTasksOf = (contactId: string) => [...(ghlLocation().tasks.get(contactId)?.values() ?? [])];
  const ghlNotesOf = (contactId: string) => [...(ghlLocation().notes.get(contactId)?.values() ?? [])];
  const gleap = () => demo.sandboxes.gleap;
  const projectId = () => gleap().demo?.projectId as string;
  const gleantap = () => demo.sandboxes.gleantap;
  const appId = () => gleantap().demo?.appId as string;
  const today = () => new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    harness = await startDemoHarness('recipes-more');
    runtime = harness.runtime;
    demo = harness.demo;
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('Gleantap activity that stands for a task → GHL task; other events make none', async () => {
    const customer = gleantap().admin.createCustomer(appId(), {
      first_name: 'Lena',
      last_name: 'Class',
      email: 'lena.class@example.com',
    });
    // The new-customer recipe makes the contact first, so that both flows find the same one.
    const contact = await waitFor(() => ghlContactByEmail('lena.class@example.com'), 10_000, 50);
    gleantap().admin.addEvent(appId(), {
      id: 'evt-visit-1',
      _id: customer.id,
      event_type: 'visit',
      event_name: 'Checked in',
      event_date: today(),
    });
    gleantap().admin.addEvent(appId(), {
      id: 'evt-missed-1',
      _id: customer.id,
      event_type: 'missed_class',
      event_name: 'Missed: Yoga 7am',
      event_date: today(),
    });
    const task = await waitFor(
      () => ghlTasksOf(contact.id).find((t) => t.title === 'Gleantap: Missed: Yoga 7am'),
      10_000,
      50,
    );
    expect(task.dueDate.slice(0, 10)).toBe(today());
    // Replacing the event (same id) is not a new event.
    gleantap().admin.addEvent(appId(), {
      id: 'evt-missed-1',
      _id: customer.id,
      event_type: 'missed_class',
      event_name: 'Missed: Yoga 7am',
      event_date: today(),
    });
    gleantap().admin.addEvent(appId(), {
      id: 'evt-call-1',
      _id: customer.id,
      event_type: 'call_back',
      event_date: today(),
    });
    await waitFor(() => ghlTasksOf(contact.id).some((t) => t.title === 'Gleantap: call_back'), 10_000, 50);
    expect(
      ghlTasksOf(contact.id)
        .map((t) => t.title)
        .sort(),
    ).toEqual(['Gleantap: Missed: Yoga 7am', 'Gleantap: call_back']);
  });

  it('Gleantap customer removed → the linked GHL contact is deleted; unlinked ones stay', async () => {
    const customer = gleantap().admin.createCustomer(appId(), {
      first_name: 'Rita',
      last_name: 'Gone',
      email: 'rita.gone@example.com',
    });
    const contact = await waitFor(() => ghlContactByEmail('rita.gone@example.com'), 10_000, 50);
    const gleantapName = (await runtime.repos.connections.list('gleantap'))[0]?.id as string;
    await waitFor(
      () =>
        runtime.repos.identities.groupOf({
          connectionId: gleantapName,
          entity: 'customer',
          externalId: customer.id,
        }),
      10_000,
      50,
    );
    const kept = ghlContactByEmail('lena.class@example.com');
    gleantap().admin.deleteCustomer(appId(), customer.id);
    await waitFor(() => !ghlLocation().contacts.has(contact.id), 15_000, 50);
    expect(kept && ghlLocation().contacts.has(kept.id)).toBe(true);
  });

  it('Gleap internal note → GHL note on the submitter, titled; a public comment makes none', async () => {
    const submitter = gleap().admin.createContact(projectId(), {
      email: 'noted.person@example.com',
      name: 'Noted Person',
    }) as { id?: string; _id?: string };
    const ticket = gleap().admin.createTicket(projectId(), {
      title: 'Wants to freeze membership',
      session: String(submitter.id ?? submitter._id),
    }) as { id?: string; _id?: string };
    const ticketId = String(ticket.id ?? ticket._id);
    gleap().admin.addMessage(projectId(), ticketId, { text: 'We will look into it.' });
    gleap().admin.addMessage(projectId(), ticketId, {
      text: 'Travelling until March.\nCall after.',
      isNote: true,
    });
    const contact = await waitFor(() => ghlContactByEmail('noted.person@example.com'), 10_000, 50);
    const note = await waitFor(() => ghlNotesOf(contact.id)[0], 10_000, 50);
    expect(note.body).toBe('Gleap ticket "Wants to freeze membership": Travelling until March.\nCall after.');
    expect(ghlNotesOf(contact.id)).toHaveLength(1);
  });

  it('leaves no run failed', async () => {
    const failed = await runtime.repos.runs.list({ status: 'failed', limit: 10 });
    expect(failed.map((r) => r.error)).toEqual([]);
  });
});
