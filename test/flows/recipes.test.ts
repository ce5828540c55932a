import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Demo } from '../../src/cli/demo.ts';
import { recipes } from '../../src/flows/recipes/index.ts';
import type { Runtime } from '../../src/server/runtime.ts';
import { waitFor } from '../support/databases.ts';
import { type DemoHarness, startDemoHarness } from '../support/demo-harness.ts';

/**
 * Every recipe end to end, as in the demo: the three sandboxes, the bridge's server and
 * workers in this process, a change made in one sandbox, its effect checked in another.
 */
describe('recipes', () => {
  let runtime: Runtime;
  let demo: Demo;
  let harness: DemoHarness;

  const ghlHeaders = () => ({
    authorization: `Bearer ${demo.sandboxes.ghl.defaultLocation.privateIntegrationToken}`,
    version: '2021-07-28',
    'content-type': 'application/json',
  });
  const ghlCall = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${demo.sandboxes.ghl.url}${path}`, {
      method,
      headers: ghlHeaders(),
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return (await response.json()) as T;
  };
  // Read the sandbox's state directly: polling its API would spend the location's rate budget.
  const ghlLocation = () => demo.sandboxes.ghl.admin.location(demo.sandboxes.ghl.defaultLocation.locationId);
  const ghlContactByEmail = async (email: string) =>
    [...ghlLocation().contacts.values()].find((c) => c.email === email) as
      | { id: string; email?: string; lastName?: string }
      | undefined;
  const ghlTasksOf = (contactId: string) =>
    [...(ghlLocation().tasks.get(contactId)?.values() ?? [])] as Array<{
      id: string;
      title: string;
      completed: boolean;
    }>;
  const location = () => demo.sandboxes.ghl.defaultLocation.locationId;
  const gleap = () => demo.sandboxes.gleap;
  const projectId = () => gleap().demo?.projectId as string;
  const gleantap = () => demo.sandboxes.gleantap;
  const appId = () => gleantap().demo?.appId as string;

  beforeAll(async () => {
    harness = await startDemoHarness('recipes');
    runtime = harness.runtime;
    demo = harness.demo;
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('installs every recipe, enabled, as a checked flow', async () => {
    const flows = await runtime.repos.flows.list();
    expect(flows.map((f) => f.recipe).sort()).toEqual(recipes.map((r) => r.key).sort());
    expect(flows.every((f) => f.enabled)).toBe(true);
    expect(recipes).toHaveLength(15);
  });

  it('GHL contact created → Gleap contact (by webhook, under 2 s)', async () => {
    const started = Date.now();
    const { contact } = await ghlCall<{ contact: { id: string } }>('POST', '/contacts/', {
      locationId: location(),
      email: 'recipe.ghl@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
    });
    const found = await waitFor(
      () =>
        gleap()
          .admin.contacts(projectId())
          .find((c) => c.email === 'recipe.ghl@example.com'),
      10_000,
      25,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(found.userId).toBe(contact.id);
  });

  it('GHL contact updated → Gleap contact updated', async () => {
    const { contact } = await ghlCall<{ contact: { id: string } }>('POST', '/contacts/', {
      locationId: location(),
      email: 'renamed@example.com',
      name: 'Old Name',
    });
    await waitFor(
      () =>
        gleap()
          .admin.contacts(projectId())
          .find((c) => c.email === 'renamed@example.com'),
      10_000,
      25,
    );
    await ghlCall('PUT', `/contacts/${contact.id}`, {
      firstName: 'New',
      lastName: 'Name',
      phone: '+15550009999',
    });
    await waitFor(
      () =>
        gleap()
          .admin.contacts(projectId())
          .find((c) => c.email === 'renamed@example.com' && c.phone === '+15550009999'),
      10_000,
      25,
    );
  });

  it('Gleap contact created → GHL contact (under 2 s)', async () => {
    const started = Date.now();
    gleap().admin.createContact(projectId(), { email: 'recipe.gleap@example.com', name: 'Ada Gleap' });
    await waitFor(() => ghlContactByEmail('recipe.gleap@example.com'), 10_000, 50);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('Gleap ticket → GHL contact from its submitter, a GHL task, and the task follows the ticket', async () => {
    const submitter = gleap().admin.createContact(projectId(), {
      email: 'ticket.person@example.com',
      name: 'Tick Et',
    }) as {
      id?: string;
      _id?: string;
    };
    const ticket = gleap().admin.createTicket(projectId(), {
      title: 'Cannot book a class',
      session: String(submitter.id ?? submitter._id),
      formData: { description: 'The booking page shows an error.' },
    }) as { id?: string; _id?: string };
    const ticketId = String(ticket.id ?? ticket._id);
    const contact = await waitFor(() => ghlContactByEmail('ticket.person@example.com'), 10_000, 50);
    const task = await waitFor(
      () => ghlTasksOf(contact.id).find((t) => t.title === 'Gleap: Cannot book a class'),
      10_000,
      50,
    );
    expect(task.completed).toBe(false);

    gleap().admin.updateTicket(projectId(), ticketId, { title: 'Cannot book any class' });
    await waitFor(
      () => ghlTasksOf(contact.id).find((t) => t.id === task.id)?.title === 'Gleap: Cannot book any class',
      10_000,
      50,
    );

    gleap().admin.updateTicket(projectId(), ticketId, { status: 'DONE' });
    await waitFor(() => ghlTasksOf(contact.id).find((t) => t.id === task.id)?.completed === true, 10_000, 50);
    expect(ghlTasksOf(contact.id)).toHaveLength(1);
  });

  it('Gleantap customer created or updated → GHL contact', async () => {
    const customer = gleantap().admin.createCustomer(appId(), {
      first_name: 'Maya',
      last_name: 'Lopez',
      email: 'maya.gym@example.com',
      phone: '+15550100042',
    });
    await waitFor(() => ghlContactByEmail('maya.gym@example.com'), 10_000, 50);
    gleantap().admin.updateCustomer(appId(), customer.id, { last_name: 'Lopez-Diaz' });
    await waitFor(
      async () => (await ghlContactByEmail('maya.gym@example.com'))?.lastName === 'Lopez-Diaz',
      10_000,
      50,
    );
  });

  it('GHL task created and completed, note and snapshot → Gleantap events on the customer', async () => {
    const customer = gleantap().admin.createCustomer(appId(), {
      first_name: 'Sam',
      last_name: 'Gym',
      email: 'sam.gym@example.com',
    });
    const contact = await waitFor(() => ghlContactByEmail('sam.gym@example.com'), 10_000, 50);
    const eventsOf = (type: string) =>
      gleantap()
        .admin.events(appId())
        .filter((e) => e.customer_id === customer.id && e.event_type === type);

    const { task } = await ghlCall<{ task: { id: string } }>('POST', `/contacts/${contact.id}/tasks`, {
      title: 'Renewal call',
      dueDate: '2026-12-01T09:00:00Z',
      completed: false,
    });
    await waitFor(() => eventsOf('ghl_task_created').length === 1, 10_000, 50);
    await ghlCall('PUT', `/contacts/${contact.id}/tasks/${task.id}/completed`, { completed: true });
    await waitFor(() => eventsOf('ghl_task_completed').length === 1, 10_000, 50);

    await ghlCall('POST', `/contacts/${contact.id}/notes`, { body: 'Wants the annual plan.' });
    const note = await waitFor(() => eventsOf('ghl_note')[0], 10_000, 50);
    expect(note.event_data).toMatchObject({ note: 'Wants the annual plan.' });

    await ghlCall('PUT', `/contacts/${contact.id}`, { city: 'Austin', tags: ['vip'] });
    const snapshot = await waitFor(() => eventsOf('ghl_contact_snapshot').at(-1), 10_000, 50);
    expect(snapshot.event_data).toMatchObject({
      tasks: 1,
      open_tasks: 0,
      notes: 1,
      latest_note: 'Wants the annual plan.',
    });
  });

  it('leaves no run failed', async () => {
    const failed = await runtime.repos.runs.list({ status: 'failed', limit: 10 });
    expect(failed.map((r) => r.error)).toEqual([]);
  });
});
