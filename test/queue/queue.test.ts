import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, GiveUp, type Queue, RetryLater } from '../../src/queue/index.ts';
import { migrate, openStore, type Store } from '../../src/store/db.ts';
import { ENGINES, type TestDatabase, testDatabase, waitFor } from '../support/databases.ts';

describe.each(ENGINES)('job queue on %s', (engine) => {
  let database: TestDatabase;
  let store: Store;
  let queue: Queue;

  beforeAll(async () => {
    database = await testDatabase(engine);
    store = await openStore(database.url);
    await migrate(store);
    queue = createQueue(store, { leaseSeconds: 2, pollMs: 50, maintenanceSeconds: 1 });
    await queue.start();
  });

  afterAll(async () => {
    await queue.stop({ timeoutMs: 1000 });
    await store.close();
    await database.dispose();
  });

  it('runs every job once, never more at a time than the concurrency', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await queue.work<{ n: number }>(
      'concurrency',
      async ({ n }) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        seen.push(n);
        running--;
      },
      { concurrency: 3 },
    );
    for (let n = 0; n < 12; n++) await queue.enqueue('concurrency', { n });
    await waitFor(() => seen.length === 12);
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it('ignores a second job with the same key while the first waits', async () => {
    const runAt = new Date(Date.now() + 60_000);
    const first = await queue.enqueue('dedupe', { v: 1 }, { key: 'contact-1', runAt });
    const second = await queue.enqueue('dedupe', { v: 2 }, { key: 'contact-1', runAt });
    const other = await queue.enqueue('dedupe', { v: 3 }, { key: 'contact-2', runAt });
    expect(first).toBeTruthy();
    expect(second).toBeNull();
    expect(other).toBeTruthy();
    expect((await queue.get(first!))?.payload).toEqual({ v: 1 });
  });

  it('does not run a job before its run-at time', async () => {
    const ran: number[] = [];
    await queue.work('delayed', async () => {
      ran.push(Date.now());
    });
    const runAt = Date.now() + 1500;
    await queue.enqueue('delayed', {}, { runAt: new Date(runAt) });
    await waitFor(() => ran.length === 1, 10_000);
    expect(ran[0]).toBeGreaterThanOrEqual(runAt - 50);
  });

  it('retries a failing job, puts it in the dead letters, and replays it', async () => {
    let fixed = false;
    const attempts: number[] = [];
    await queue.work('flaky', async (_payload, job) => {
      attempts.push(job.attempt);
      if (!fixed) throw new Error('target API is down');
    });
    const id = (await queue.enqueue('flaky', { order: 7 }, { maxAttempts: 2, backoffMs: 100 }))!;
    const dead = await waitFor(
      async () => (await queue.deadLetters('flaky')).find((j) => j.id === id),
      20_000,
    );
    expect(dead.status).toBe('dead');
    expect(dead.lastError).toContain('target API is down');
    expect(dead.payload).toEqual({ order: 7 });
    expect(attempts).toEqual([1, 2]);

    fixed = true;
    expect(await queue.replay(id)).toBe(true);
    await waitFor(async () => (await queue.get(id))?.status === 'completed', 20_000);
    expect(attempts.length).toBe(3);
    expect(await queue.deadLetters('flaky')).toHaveLength(0);
    expect(await queue.replay(id)).toBe(false);
  });

  it('sends a job that gives up straight to the dead letters', async () => {
    const attempts: number[] = [];
    await queue.work('hopeless', async (_payload, job) => {
      attempts.push(job.attempt);
      throw new GiveUp('the input can never be valid');
    });
    const id = (await queue.enqueue('hopeless', {}, { maxAttempts: 5, backoffMs: 50 }))!;
    const dead = await waitFor(
      async () => (await queue.deadLetters('hopeless')).find((j) => j.id === id),
      15_000,
    );
    expect(dead.lastError).toContain('can never be valid');
    expect(attempts).toEqual([1]);
  });

  it('reschedules on RetryLater without spending an attempt', async () => {
    let calls = 0;
    const done: string[] = [];
    await queue.work('rate-limited', async (payload: { name: string }) => {
      calls++;
      if (calls === 1) throw new RetryLater(new Date(Date.now() + 300), 'rate limit resets soon');
      done.push(payload.name);
    });
    await queue.enqueue('rate-limited', { name: 'a' }, { maxAttempts: 1 });
    await waitFor(() => done.length === 1, 15_000);
    expect(done).toEqual(['a']);
    expect(await queue.deadLetters('rate-limited')).toHaveLength(0);
  });

  it('on stop, lets an in-flight job finish, and hands one that overstays to another worker', async () => {
    const leaving = createQueue(store, { leaseSeconds: 2, pollMs: 50, maintenanceSeconds: 1 });
    await leaving.start();
    const started: string[] = [];
    const finished: string[] = [];
    await leaving.work<{ name: string; ms: number }>(
      'graceful',
      async ({ name, ms }) => {
        started.push(name);
        await new Promise((resolve) => setTimeout(resolve, ms));
        finished.push(name);
      },
      { concurrency: 1 },
    );
    const quick = (await leaving.enqueue('graceful', { name: 'quick', ms: 300 }))!;
    await waitFor(() => started.includes('quick'));
    await leaving.stop({ timeoutMs: 5000 });
    expect(finished).toEqual(['quick']);
    expect((await queue.get(quick))?.status).toBe('completed');

    const slowQueue = createQueue(store, { leaseSeconds: 2, pollMs: 50, maintenanceSeconds: 1 });
    await slowQueue.start();
    const slowStarts: string[] = [];
    await slowQueue.work('overstay', async () => {
      slowStarts.push('first worker');
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    });
    const slow = (await slowQueue.enqueue('overstay', {}, { maxAttempts: 3 }))!;
    await waitFor(() => slowStarts.length === 1);
    await slowQueue.stop({ timeoutMs: 200 });
    const taken: string[] = [];
    await queue.work('overstay', async () => {
      taken.push('second worker');
    });
    await waitFor(async () => (await queue.get(slow))?.status === 'completed', 20_000);
    expect(taken).toEqual(['second worker']);
  }, 40_000);

  it('runs a job again after its worker is killed mid-job, and completes it once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ghl-bridge-lease-'));
    const log = join(dir, 'log.txt');
    writeFileSync(log, '');
    const lines = () => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
    const fixture = join(import.meta.dirname, 'fixtures', 'worker.ts');
    const startWorker = (mode: string): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', fixture, database.url, log, mode], { stdio: 'inherit' });

    const doomed = startWorker('hang');
    await waitFor(() => lines().some((l) => l.startsWith('ready')), 20_000);
    await queue.enqueue('lease-test', { n: 42 });
    await waitFor(() => lines().some((l) => l.startsWith('start')), 20_000);
    doomed.kill('SIGKILL');
    await new Promise((resolve) => doomed.once('exit', resolve));

    const survivor = startWorker('finish');
    try {
      await waitFor(() => lines().some((l) => l.startsWith('done')), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const starts = lines().filter((l) => l.startsWith('start'));
      const dones = lines().filter((l) => l.startsWith('done'));
      expect(starts).toHaveLength(2);
      expect(dones).toHaveLength(1);
      expect(dones[0]).toContain(' 42 ');
      expect(dones[0]).toContain(String(survivor.pid));
    } finally {
      survivor.kill('SIGKILL');
    }
  }, 60_000);
});
