import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GleantapSandbox, startGleantapSandbox } from '../../src/sandbox/gleantap/index.ts';
import { adminCall, gleantapCaller, type Json } from '../support/app-sandboxes.ts';

let sandbox: GleantapSandbox;
let now = new Date('2025-03-10T23:50:00.000Z');

beforeAll(async () => {
  sandbox = await startGleantapSandbox({ clock: () => now });
});
afterAll(() => sandbox.close());

const names = (answer: { body: Json }) => (answer.body.members as Json[]).map((m) => m.firstname);

describe('Gleantap sandbox: getCustomers updated_since is a date, not a time', () => {
  it('returns every contact changed on that UTC day or later, whatever the time of day', async () => {
    now = new Date('2025-03-10T23:50:00.000Z');
    const credentials = sandbox.admin.createAccount();
    const call = gleantapCaller(sandbox.url, credentials);
    const early = (await call('newContact', { first_name: 'Late', last_name: 'Monday', user_id: 'a' })).body
      ._id;
    now = new Date('2025-03-11T00:10:00.000Z');
    await call('newContact', { first_name: 'Early', last_name: 'Tuesday', user_id: 'b' });

    expect(names(await call('getCustomers', { updated_since: '2025-03-11' }))).toEqual(['Early']);
    expect(names(await call('getCustomers', { updated_since: '2025-03-10' }))).toEqual(['Late', 'Early']);
    expect(names(await call('getCustomers', { updated_since: '2025-03-12' }))).toEqual([]);

    // Staff edit the Monday contact on Tuesday afternoon, in the app.
    now = new Date('2025-03-11T15:00:00.000Z');
    const edited = await adminCall(
      sandbox.url,
      'PATCH',
      `/accounts/${credentials.appId}/customers/${early}`,
      { city: 'Austin' },
    );
    expect(edited.body.updated_at).toBe('2025-03-11T15:00:00.000Z');

    // A poller asking again later that day gets the whole day again, not only what changed since its last call.
    now = new Date('2025-03-11T16:00:00.000Z');
    const again = await call('getCustomers', { updated_since: '2025-03-11' });
    expect(names(again)).toEqual(['Late', 'Early']);
    expect(names(await call('getCustomers', { updated_since: '2025-03-11' }))).toEqual(names(again));
  });

  it('refuses a date-time or any other format in updated_since and event_since_date', async () => {
    const call = gleantapCaller(sandbox.url, sandbox.admin.createAccount());
    for (const value of ['2025-03-11T00:00:00Z', '2025-03-11 10:00', '11/03/2025', '']) {
      const answer = await call('getCustomers', { updated_since: value });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: false, message: expect.stringContaining('updated_since') });
    }
    expect((await call('getCustomers', { event_since_date: '2025-03-11T00:00:00Z' })).status).toBe(400);
  });

  it('pages with limit and offset in creation order; an update does not move a contact', async () => {
    now = new Date('2025-03-12T09:00:00.000Z');
    const credentials = sandbox.admin.createAccount();
    const call = gleantapCaller(sandbox.url, credentials);
    for (let n = 1; n <= 5; n++)
      await call('newContact', { first_name: `P${n}`, last_name: 'X', user_id: `p${n}` });
    now = new Date('2025-03-12T10:00:00.000Z');
    await call('newContact', { first_name: 'P2', last_name: 'Changed', user_id: 'p2' });
    const page1 = await call('getCustomers', { updated_since: '2025-03-12', limit: 2 });
    const page2 = await call('getCustomers', { updated_since: '2025-03-12', limit: 2, offset: 2 });
    const page3 = await call('getCustomers', { updated_since: '2025-03-12', limit: 2, offset: 4 });
    expect([...names(page1), ...names(page2), ...names(page3)]).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    expect(names(await call('getCustomers', { offset: 5 }))).toEqual([]);
  });

  it('shows contacts created and edited "in the app" to a poller, dated as the test says', async () => {
    now = new Date('2025-03-20T12:00:00.000Z');
    const credentials = sandbox.admin.createAccount();
    const call = gleantapCaller(sandbox.url, credentials);
    const created = await adminCall(sandbox.url, 'POST', `/accounts/${credentials.appId}/customers`, {
      first_name: 'Walk',
      last_name: 'In',
      email: 'walk@example.com',
      updatedAt: '2025-03-18T08:00:00.000Z',
    });
    expect(created.status).toBe(201);
    expect(names(await call('getCustomers', { updated_since: '2025-03-19' }))).toEqual([]);
    expect(names(await call('getCustomers', { updated_since: '2025-03-18' }))).toEqual(['Walk']);
    sandbox.admin.updateCustomer(credentials.appId, created.body.id, { last_name: 'Member' });
    const seen = await call('getCustomers', { updated_since: '2025-03-20' });
    expect(seen.body.members).toMatchObject([{ firstname: 'Walk', lastname: 'Member' }]);
  });
});
