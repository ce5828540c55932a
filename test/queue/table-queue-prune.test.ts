import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableQueue } from '../../src/queue/table-queue.ts';
import { migrate, openStore, type Store } from '../../src/store/db.ts';
import { type TestDatabase, testDatabase, waitFor } from '../support/databases.ts';

describe('table queue retention', () => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await testDatabase('sqlite');
    store = await openStore(database.url);
    await migrate(store);
  });
  afterAll(async () => {
    await store.close();
    await database.dispose();
  });

  it('deletes completed jobs past the retention and keeps dead and recent ones', async () => {
    const queue = new TableQueue(store.db, { leaseMs: 2000, pollMs: 20, keepCompletedMs: 60_000 });
    await queue.work<{ fail: boolean }>('retention', async ({ fail }) => {
      if (fail) throw new Error('always fails');
    });
    const done = (await queue.enqueue('retention', { fail: false }))!;
    const dead = (await queue.enqueue('retention', { fail: true }, { maxAttempts: 1 }))!;
    await waitFor(
      async () =>
        (await queue.get(done))?.status === 'completed' && (await queue.get(dead))?.status === 'dead',
    );

    expect(await queue.pruneCompleted(Date.now())).toBe(0);
    expect(await queue.pruneCompleted(Date.now() + 61_000)).toBe(1);
    expect(await queue.get(done)).toBeUndefined();
    expect((await queue.get(dead))?.status).toBe('dead');
    await queue.stop({ timeoutMs: 500 });
  });
});
