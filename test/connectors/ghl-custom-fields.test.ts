import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_FIELDS_SCOPE } from '../../src/connectors/ghl/custom-fields.ts';
import { AuthError, ValidationError } from '../../src/kernel/errors.ts';
import type { Connection } from '../../src/store/connections.ts';
import { type GhlHarness, ghlHarness } from '../support/ghl-harness.ts';
import { failureOf, requestCount, storedContact } from './ghl-action-support.ts';

type Field = { id: string; value?: unknown; key?: string; name?: string };
interface ContactAnswer {
  contact: { id: string; customFields: Field[] };
}

describe('GHL custom fields by key or name', () => {
  let h: GhlHarness;
  let connection: Connection;
  let locationId: string;
  const run = <T>(action: string, input: unknown) => h.run<T>(action, input, connection.name);
  const catalogueRequests = () =>
    h.sandbox.requests.list({ pathPrefix: `/locations/${locationId}/customFields` });

  beforeAll(async () => {
    h = await ghlHarness({ sandbox: { limits: { max: 10_000, dailyMax: 1_000_000 } } });
    connection = await h.connectLocation('with-fields', [
      'contacts.readonly',
      'contacts.write',
      CUSTOM_FIELDS_SCOPE,
    ]);
    locationId = String(connection.meta.locationId);
  });
  afterAll(async () => {
    await h.close();
  });

  it('list-custom-fields shows each field’s key, name, type and options', async () => {
    const { customFields } = await run<{ customFields: { key: string; name: string; options?: string[] }[] }>(
      'list-custom-fields',
      {},
    );
    expect(customFields.find((f) => f.key === 'contact.plan')).toMatchObject({
      name: 'Plan',
      dataType: 'SINGLE_OPTIONS',
      options: ['free', 'pro', 'enterprise'],
    });
  });

  it('round trip: set by key and by name, read back with keys and names', async () => {
    const { contact } = await run<ContactAnswer>('create-contact', {
      email: 'fields@example.com',
      customFields: [
        { key: 'contact.favourite_colour', field_value: 'blue' },
        { name: 'seats', field_value: 12 },
        { key: 'interests', field_value: ['pricing', 'support'] },
      ],
    });
    const read = await run<ContactAnswer>('get-contact', { contactId: contact.id, customFieldNames: true });
    const byKey = Object.fromEntries(read.contact.customFields.map((f) => [f.key, f]));
    expect(byKey['contact.favourite_colour']).toMatchObject({ name: 'Favourite Colour', value: 'blue' });
    expect(byKey['contact.seats']).toMatchObject({ name: 'Seats', value: 12 });
    expect(byKey['contact.interests']?.value).toEqual(['pricing', 'support']);

    await run('update-contact', {
      contactId: contact.id,
      customFields: [{ name: 'Favourite Colour', field_value: 'teal' }],
    });
    const snapshot = await run<ContactAnswer>('contact-snapshot', {
      contactId: contact.id,
      customFieldNames: true,
    });
    expect(snapshot.contact.customFields.find((f) => f.key === 'contact.favourite_colour')?.value).toBe(
      'teal',
    );

    const upserted = await run<ContactAnswer>('upsert-contact', {
      email: 'fields@example.com',
      customFields: [{ key: 'contact.plan', field_value: 'pro' }],
    });
    expect(upserted.contact.id).toBe(contact.id);
    const stored = storedContact(h, contact.id, locationId);
    expect(Object.values(stored?.customFields ?? {})).toEqual(expect.arrayContaining(['teal', 12, 'pro']));
  });

  it('an unknown key is refused with the close names, and nothing is written', async () => {
    const contacts = h.sandbox.admin.location(locationId).contacts.size;
    const lastSeq = h.sandbox.requests.list().at(-1)?.seq ?? 0;
    const error = await failureOf(
      run('create-contact', {
        email: 'typo@example.com',
        customFields: [{ key: 'contact.favorite_color', field_value: 'red' }],
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('input.customFields[0].key');
    expect(error.message).toContain('contact.favourite_colour ("Favourite Colour")');
    expect(h.sandbox.admin.location(locationId).contacts.size).toBe(contacts);
    expect(h.sandbox.requests.list({ afterSeq: lastSeq, pathPrefix: '/contacts' })).toEqual([]);
  });

  it('a value the field cannot take is refused with the options it can', async () => {
    const error = await failureOf(
      run('create-contact', {
        email: 'plan@example.com',
        customFields: [
          { key: 'contact.plan', field_value: 'gold' },
          { key: 'contact.seats', field_value: 'many' },
        ],
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(
      'input.customFields[0].field_value: contact.plan ("Plan") takes one of free, pro, enterprise',
    );
    expect(error.message).toContain(
      'input.customFields[1].field_value: contact.seats ("Seats") takes a number',
    );
  });

  it('the catalogue is fetched once for a burst of writes, not once per write', async () => {
    const before = catalogueRequests().length;
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        run('upsert-contact', {
          email: `burst-${i}@example.com`,
          customFields: [{ key: 'seats', field_value: i }],
        }),
      ),
    );
    expect(catalogueRequests().length - before).toBeLessThanOrEqual(1);
  });

  it('a key on a connection without the custom-field scope is refused before any request', async () => {
    const before = requestCount(h);
    const error = await failureOf(
      h.run('create-contact', {
        email: 'noscope@example.com',
        customFields: [{ key: 'seats', field_value: 1 }],
      }),
    );
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toContain(CUSTOM_FIELDS_SCOPE);
    expect(requestCount(h)).toBe(before);

    const byId = h.sandbox.admin.location(h.locationId).customFields[0]?.id as string;
    const { contact } = await h.run<ContactAnswer>('create-contact', {
      email: 'byid@example.com',
      customFields: [{ id: byId, field_value: 'green' }],
    });
    expect(contact.customFields).toEqual([{ id: byId, value: 'green' }]);
  });
});
