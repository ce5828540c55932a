// Jobs per second from enqueue to completion, on both engines, beside a baseline of the
// bare database writes a job needs (one insert and one update) in the same run.
import { randomUUID } from 'node:crypto';
import { createQueue } from '../src/queue/index.ts';
import { migrate, openStore, type Store } from '../src/store/db.ts';
import { type Engine, testDatabase } from '../test/support/databases.ts';
import { report, round } from './support.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 2000);
const CONCURRENCY = 8;

async function baseline(store: Store): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const id = randomUUID();
    const now = Date.now();
    await store.db
      .insertInto('jobs')
      .values({
        id,
        kind: 'baseline',
        payload: '{}',
        dedupe_key: null,
        status: 'queued',
        attempts: 0,
        max_attempts: 1,
        backoff_ms: 0,
        run_at: now,
        lease_until: null,
        locked_by: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      })
      .execute();
    await store.db.updateTable('jobs').set({ status: 'completed' }).where('id', '=', id).execute();
  }
  return JOBS / ((performance.now() - started) / 1000);
}

async function measure(engine: Engine) {
  const database = await testDatabase(engine);
  const store = await openStore(database.url);
  await migrate(store);
  const queue = createQueue(store, { leaseSeconds: 30, pollMs: 20 });
  await queue.start();
  let done = 0;
  let resolveAll: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  await queue.work(
    'bench',
    async () => {
      if (++done === JOBS) resolveAll();
    },
    { concurrency: CONCURRENCY },
  );
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) await queue.enqueue('bench', { i });
  await all;
  const seconds = (performance.now() - started) / 1000;
  await queue.stop({ timeoutMs: 1000 });
  const bare = await baseline(store);
  await store.close();
  await database.dispose();
  const jobsPerSecond = JOBS / seconds;
  return {
    engine: queue.engine,
    jobs: JOBS,
    concurrency: CONCURRENCY,
    seconds: round(seconds, 2),
    jobsPerSecond: round(jobsPerSecond),
    baselineWritesPerSecond: round(bare),
    ratioToBaseline: round(jobsPerSecond / bare, 3),
  };
}

const results = [await measure('sqlite'), await measure('postgres')];
report('queue', { results });
