import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerCursor } from '../../src/connectors/gleantap/triggers/customer-trigger.ts';
import { cursorsRepository } from '../../src/store/cursors.ts';
import { type AppHarness, appHarness } from '../support/app-harness.ts';
import type { Json } from '../support/app-sandboxes.ts';
import { waitFor } from '../support/databases.ts';
import { startPollProcess } from './fixtures/poll-process.ts';
import { type ClockSpec, timeOf, writeClock } from './fixtures/shared-clock.ts';

// The sandbox's clock stands still at 23:50 while the poller starts and learns, then five
// minutes pass every real second: the changes go on past midnight and past the overlap window,
// while the poller is killed twice.
const CLOCK_FILE = join(mkdtempSync(join(tmpdir(), 'gleantap-clock-')), 'clock.json');
let spec: ClockSpec = { baseMs: Date.parse('2025-03-10T23:50:00.000Z'), startMs: Date.now(), speed: 0 };
writeClock(CLOCK_FILE, spec);
const clock = () => timeOf(spec);
const CUSTOMERS = 5_500;
const CHANGES = 5_000;

let h: AppHarness;
beforeAll(async () => {
  h = await appHarness({ gleantap: { clock, seed: false, accounts: [{ appId: 'proof-app' }] } });
});
afterAll(() => h.close());

describe('Gleantap polling proof: 5,000 changes, midnight, two crashes', () => {
  it('emits every change exactly once while the poller is killed and restarted twice', async () => {
    const app = h.gleantapAppId;
    const customers = Array.from({ length: CUSTOMERS }, (_, i) =>
      h.gleantap.admin.createCustomer(
        app,
        { first_name: `M${i}`, last_name: 'Member' },
        '2025-03-10T10:00:00.000Z',
      ),
    );
    const args = {
      databaseUrl: h.database.url,
      connection: h.gleantapConnection.name,
      trigger: 'gleantap.updated-customer',
      pageSize: 500,
      intervalMs: 40,
      clock: CLOCK_FILE,
    };
    let poller = await startPollProcess(args);
    spec = { baseMs: Date.parse('2025-03-10T23:58:00.000Z'), startMs: Date.now(), speed: 300 };
    writeClock(CLOCK_FILE, spec);
    let restarting: Promise<void> | undefined;
    const restart = () => {
      restarting = (async () => {
        await poller.crash();
        poller = await startPollProcess(args);
      })();
    };

    // 50 batches of 100 changes; each batch shares one timestamp. Every third batch is stamped
    // three minutes late, as by a front-desk terminal whose clock is behind: near midnight it
    // lands on the day the poller may already have left.
    const daysChanged = new Set<string>();
    for (let batch = 0; batch < CHANGES / 100; batch++) {
      const stamp = new Date(clock().getTime() - (batch % 3 === 0 ? 180_000 : 0));
      daysChanged.add(stamp.toISOString().slice(0, 10));
      for (let i = batch * 100; i < (batch + 1) * 100; i++) {
        h.gleantap.admin.updateCustomer(app, customers[i]?.id ?? '', { city: `City-${i}` }, stamp);
      }
      if (batch === 15 || batch === 35) {
        await restarting;
        restart();
      }
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await restarting;
    expect([...daysChanged].sort()).toEqual(['2025-03-10', '2025-03-11']);

    const events = () =>
      h.store.db
        .selectFrom('inbox_events')
        .select(['payload', 'dedupe_key'])
        .where('source', '=', 'gleantap')
        .where('event_type', '=', 'updated-customer')
        .execute();
    await waitFor(async () => (await events()).length >= CHANGES, 90_000, 200);
    const polled = poller.polls();
    await waitFor(() => poller.polls() >= polled + 5, 15_000, 20);
    await poller.stop();

    const rows = await events();
    expect(rows).toHaveLength(CHANGES);
    const cityOf = new Map<string, string>();
    for (const row of rows) {
      const member = JSON.parse(row.payload) as Json;
      expect(cityOf.has(member.id)).toBe(false);
      cityOf.set(member.id, member.city);
    }
    customers.forEach((customer, i) => {
      expect(cityOf.get(customer.id)).toBe(i < CHANGES ? `City-${i}` : undefined);
    });

    // The window moved past midnight, and the cursor kept only the new day's records.
    const cursor = await cursorsRepository(h.store.db).get<CustomerCursor>(
      h.gleantapConnection.id,
      'updated-customer',
    );
    expect(cursor?.day).toBe('2025-03-11');
    expect(Object.keys(cursor?.seen ?? {}).length).toBeLessThan(CHANGES);
  }, 150_000);
});
