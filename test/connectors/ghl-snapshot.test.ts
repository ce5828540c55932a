import { afterEach, describe, expect, it } from 'vitest';
import { type GhlHarness, ghlHarness } from '../support/ghl-harness.ts';

interface Snapshot {
  contact: { id: string; email: string };
  tasks: { title: string }[];
  notes: { body: string }[];
  appointments: { title: string }[];
}

describe('ghl.contact-snapshot', () => {
  let h: GhlHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function contactWithActivity(harness: GhlHarness): Promise<string> {
    const { contact } = await harness.run<{ contact: { id: string } }>('create-contact', {
      email: 'snap@example.com',
    });
    await harness.run('create-task', {
      contactId: contact.id,
      title: 'Call',
      dueDate: '2030-01-01T09:00:00Z',
    });
    await harness.run('create-note', { contactId: contact.id, body: 'Met at the fair' });
    harness.sandbox.admin.createAppointment(harness.locationId, { contactId: contact.id, title: 'Demo' });
    return contact.id;
  }

  it('answers the contact, its tasks, notes and appointments in one call, fetched side by side', async () => {
    h = await ghlHarness({ sandbox: { limits: { max: 1_000, dailyMax: 100_000 } } });
    const contactId = await contactWithActivity(h);
    // Each answer takes 200 ms: one after the other, the four would take 800 ms at least.
    h.sandbox.faults.configure({ latencyMs: 200 });
    const started = performance.now();
    const snapshot = await h.run<Snapshot>('contact-snapshot', { contactId });
    const elapsed = performance.now() - started;
    h.sandbox.faults.reset();
    expect(snapshot.contact).toMatchObject({ id: contactId, email: 'snap@example.com' });
    expect(snapshot.tasks.map((t) => t.title)).toEqual(['Call']);
    expect(snapshot.notes.map((n) => n.body)).toEqual(['Met at the fair']);
    expect(snapshot.appointments.map((a) => a.title)).toEqual(['Demo']);
    expect(elapsed).toBeLessThan(600);
  });

  it('stays within a tight rate limit: no request is refused', async () => {
    h = await ghlHarness({ sandbox: { limits: { max: 3, intervalMs: 300 } } });
    const contactId = await contactWithActivity(h);
    const before = h.sandbox.requests.list().length;
    const snapshot = await h.run<Snapshot>('contact-snapshot', { contactId });
    expect(snapshot.tasks).toHaveLength(1);
    const sent = h.sandbox.requests.list().slice(before);
    expect(sent.map((r) => r.path).sort()).toEqual(
      [
        `/contacts/${contactId}`,
        `/contacts/${contactId}/appointments`,
        `/contacts/${contactId}/notes`,
        `/contacts/${contactId}/tasks`,
      ].sort(),
    );
    expect(h.sandbox.requests.list({ status: 429 })).toEqual([]);
  });
});
