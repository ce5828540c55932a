import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchContacts } from '../../src/connectors/ghl/paginate.ts';
import type { Connection } from '../../src/store/connections.ts';
import { type GhlHarness, ghlHarness } from '../support/ghl-harness.ts';
import { collect, ghlClientFor, storedContact } from './ghl-action-support.ts';

interface Found {
  contact: { id: string; email?: string; phone?: string; firstName?: string };
  created: boolean;
  matchedBy: 'email' | 'phone' | null;
}

const WRITE_SCOPES = ['contacts.readonly', 'contacts.write'];

describe('ghl.find-or-create-contact', () => {
  let h: GhlHarness;

  beforeAll(async () => {
    h = await ghlHarness({ sandbox: { limits: { max: 100_000, dailyMax: 10_000_000 } }, retryBaseMs: 5 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates a missing contact, then finds it by email or phone without changing it', async () => {
    const created = await h.run<Found>('find-or-create-contact', {
      email: 'Finn@Example.com',
      phone: '+14155550123',
      firstName: 'Finn',
    });
    expect(created).toMatchObject({ created: true, matchedBy: null, contact: { firstName: 'Finn' } });

    const byEmail = await h.run<Found>('find-or-create-contact', {
      email: 'finn@example.com',
      firstName: 'Other',
    });
    const byPhone = await h.run<Found>('find-or-create-contact', { phone: '+1 415 555 0123' });
    expect(byEmail).toMatchObject({
      created: false,
      matchedBy: 'email',
      contact: { id: created.contact.id },
    });
    expect(byPhone).toMatchObject({
      created: false,
      matchedBy: 'phone',
      contact: { id: created.contact.id },
    });
    expect(storedContact(h, created.contact.id)?.firstName).toBe('Finn');
  });

  it('creates one contact on a location that allows duplicates, however often it runs', async () => {
    const connection = await h.connectLocation('dupes-allowed', WRITE_SCOPES);
    const locationId = String(connection.meta.locationId);
    h.sandbox.admin.setAllowDuplicates(locationId, true);
    const runs = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.run<Found>('find-or-create-contact', { email: 'twin@example.com' }, connection.name),
      ),
    );
    await h.run('find-or-create-contact', { email: 'twin@example.com' }, connection.name);
    expect(new Set(runs.map((r) => r.contact.id)).size).toBe(1);
    expect(runs.filter((r) => r.created)).toHaveLength(1);
    expect(h.sandbox.admin.location(locationId).contacts.size).toBe(1);
  });

  it('with 10% server errors and dropped connections, 1,000 calls leave exactly 1,000 contacts', async () => {
    const connection: Connection = await h.connectLocation('faulty', WRITE_SCOPES);
    const locationId = String(connection.meta.locationId);
    // The hard case: GHL itself would accept a second contact with the same email.
    h.sandbox.admin.setAllowDuplicates(locationId, true);
    const emails = Array.from({ length: 1_000 }, (_, i) => `person-${i}@example.com`);
    const startSeq = h.sandbox.requests.list().at(-1)?.seq ?? 0;
    // A reset after the change is made loses the answer of a request that did take effect.
    h.sandbox.faults.configure({
      errorRate: 0.1,
      statuses: [500, 502, 503],
      resetRate: 0.02,
      resetPhase: 'after',
    });
    let reruns = 0;
    const findOrCreate = async (email: string): Promise<Found> => {
      // A job whose retries ran out is run again later, as the queue would.
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await h.run<Found>('find-or-create-contact', { email, firstName: 'Pat' }, connection.name);
        } catch (error) {
          if (attempt >= 5) throw error;
          reruns += 1;
        }
      }
    };
    const results: Found[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < emails.length) results.push(await findOrCreate(emails[next++] as string));
      }),
    );
    h.sandbox.faults.reset();

    // Injected faults are answered before the token is read, so they carry no location.
    const sent = h.sandbox.requests.list({ afterSeq: startSeq });
    const failures = sent.filter((r) => r.status >= 500 || r.status === 0);
    expect(failures.length).toBeGreaterThan(150);
    expect(failures.filter((r) => r.status === 0).length).toBeGreaterThan(10);
    const all = await collect(searchContacts(ghlClientFor(h, connection), { pageLimit: 500 }));
    expect(all).toHaveLength(1_000);
    const byEmail = new Map(all.map((c) => [c.email, c.id]));
    expect(byEmail.size).toBe(1_000);
    expect(emails.every((email) => byEmail.has(email))).toBe(true);
    expect(results.every((r) => byEmail.get(r.contact.email) === r.contact.id)).toBe(true);
    expect(reruns).toBeLessThan(20);
    expect(locationId).toBe(all[0]?.locationId);
  });
});
