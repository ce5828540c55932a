import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, ValidationError } from '../../src/kernel/errors.ts';
import { type GhlHarness, ghlHarness } from '../support/ghl-harness.ts';

describe('running GHL actions against the sandbox', () => {
  let h: GhlHarness;

  beforeAll(async () => {
    h = await ghlHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates a task on a contact and reads the contact back', async () => {
    const response = await fetch(`${h.sandbox.url}/contacts/`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.sandbox.defaultLocation.privateIntegrationToken}`,
        version: '2021-07-28',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ locationId: h.locationId, email: 'runner@example.com', firstName: 'Rita' }),
    });
    const contactId = ((await response.json()) as { contact: { id: string } }).contact.id;

    const { task } = await h.run<{ task: { id: string; title: string; completed: boolean } }>('create-task', {
      contactId,
      title: 'Call back',
      dueDate: '2026-12-01T09:00:00Z',
    });
    expect(task).toMatchObject({ title: 'Call back', completed: false });

    const { contact } = await h.run<{ contact: { id: string; email: string } }>('get-contact', { contactId });
    expect(contact).toMatchObject({ id: contactId, email: 'runner@example.com' });
  });

  it('refuses bad input with the path of each problem, sending nothing', async () => {
    const before = h.sandbox.requests.list().length;
    const error = (await h
      .run('create-task', { contactId: 'x', dueDate: 'tomorrow' })
      .catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('input.title');
    expect(error.message).toContain('input.dueDate');
    expect(h.sandbox.requests.list().length).toBe(before);
  });

  it('refuses a write on a read-only connection before any request', async () => {
    await h.connectLocation('read-only', ['contacts.readonly']);
    const before = h.sandbox.requests.list().length;
    const error = (await h
      .run('create-task', { contactId: 'c1', title: 't', dueDate: '2026-12-01T09:00:00Z' }, 'read-only')
      .catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toContain('contacts.write');
    expect(h.sandbox.requests.list().length).toBe(before);
  });
});
